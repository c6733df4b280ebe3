"""The input contract as data: every register file an agency delivers, its columns and types,
its code lists, and which persons and companies each record mentions (and in which role).

The generator writes these files, ingestion validates and loads them, and resolution reads
the mentions; all three take the contract from here so that it is stated once.

JSON files (the Brønnøysund formats) are flattened on ingest into the ``columns`` listed for
them here; ``json_path`` says where each flattened column comes from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ColumnType(StrEnum):
    TEXT = "text"
    RECORD_ID = "record_id"
    ORGNR = "orgnr"
    PERSON_ID = "person_id"
    DATE = "date"  # YYYY-MM-DD
    MONTH = "month"  # YYYY-MM
    TERM = "term"  # YYYY-Tn, n in 1..6
    YEAR = "year"  # YYYY
    AMOUNT = "amount"  # NOK, '.' decimal point, may be negative
    NUMBER = "number"  # a non-monetary quantity (hours, percentages, counts)
    CODE = "code"  # one value of a code list
    CODES = "codes"  # a semicolon list of codes
    COUNTRY = "country"  # ISO 3166 alpha-2
    BOOL = "bool"  # JSON booleans only


class Classification(StrEnum):
    OPEN = "open"
    CONFIDENTIAL = "confidential"
    POLICE = "police"


AGENCIES: dict[str, str] = {
    "arbeidstilsynet": "Labour Inspection Authority",
    "skatteetaten": "Tax Administration",
    "nav": "Labour and Welfare Administration",
    "politi": "Police",
    "vegvesen": "Public Roads Administration",
    "dsb": "Directorate for Civil Protection (electrical safety)",
    "brreg": "Brønnøysund Register Centre",
    "bank": "Banks",
    "kommune": "Municipality",
    "tolletaten": "Customs",
    "udi": "Directorate of Immigration",
}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: ColumnType = ColumnType.TEXT
    required: bool = False  # a key: a row without it is a bad row
    codes: frozenset[str] = frozenset()
    json_path: str = ""  # for flattened JSON: dotted path in the source object


@dataclass(frozen=True, slots=True)
class Mention:
    """A person or company that a record of the file mentions, and where its attributes are.

    For persons: ``person_id``, ``foreign_id``, ``foreign_id_type``, ``foreign_id_country``,
    ``first_name``, ``middle_name``, ``last_name``, ``full_name``, ``birth_date``, and
    ``account`` (a bank account the person holds: context that tells namesakes apart).
    For companies: ``orgnr``, ``foreign_id``, ``country``, ``name``.
    Each maps an attribute to a column of the (flattened) file.
    """

    kind: str  # "person" or "company"
    role: str
    fields: dict[str, str] = field(default_factory=dict)


class FileFormat(StrEnum):
    CSV = "csv"
    JSON_ARRAY = "json_array"
    JSON_LINES = "json_lines"


@dataclass(frozen=True, slots=True)
class RegisterFile:
    path: str  # as in the manifest, e.g. "skatteetaten/a_melding.csv"
    agency: str
    register: str
    classification: Classification
    format: FileFormat
    columns: tuple[Column, ...]
    mentions: tuple[Mention, ...]
    optional: bool = False
    description: str = ""

    @property
    def table(self) -> str:
        """The store's table name for this file's facts, e.g. ``skatteetaten__a_melding``."""
        stem = self.path.rsplit(".", 1)[0]
        return stem.replace("/", "__")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _c(name: str, type_: ColumnType = ColumnType.TEXT, **kw: object) -> Column:
    return Column(name, type_, **kw)  # type: ignore[arg-type]


T = ColumnType
RID = Column("record_id", T.RECORD_ID, required=True)


def _codes(*values: str) -> frozenset[str]:
    return frozenset(values)


FOREIGN_ID_TYPES = _codes("passport", "national_id", "tax_id")
AGENCY_CODES = frozenset(AGENCIES)


def _person(
    role: str, prefix: str = "", *, middle: bool = False, fid_type: bool = False
) -> Mention:
    p = prefix
    f = {
        "person_id": f"{p}person_id",
        "foreign_id": f"{p}foreign_id",
        "foreign_id_country": f"{p}foreign_id_country",
        "first_name": f"{p}first_name",
        "last_name": f"{p}last_name",
        "birth_date": f"{p}birth_date",
    }
    if middle:
        f["middle_name"] = f"{p}middle_name"
    if fid_type:
        f["foreign_id_type"] = f"{p}foreign_id_type"
    return Mention("person", role, f)


def _company(role: str, orgnr: str, **extra: str) -> Mention:
    return Mention("company", role, {"orgnr": orgnr, **extra})


_ADDR = ("adresse", "postnummer", "poststed", "kommunenummer", "landkode")


def _address_columns(prefix: str, json_prefix: str) -> tuple[Column, ...]:
    names = ("address", "postcode", "city", "municipality_no", "country")
    return tuple(
        Column(
            f"{prefix}_{n}", T.COUNTRY if n == "country" else T.TEXT, json_path=f"{json_prefix}.{j}"
        )
        for n, j in zip(names, _ADDR, strict=True)
    )


BRREG_ENHETER = RegisterFile(
    "brreg/enheter.json",
    "brreg",
    "Enhetsregisteret",
    Classification.OPEN,
    FileFormat.JSON_ARRAY,
    (
        Column("record_id", T.RECORD_ID, required=True, json_path="organisasjonsnummer"),
        Column("orgnr", T.ORGNR, required=True, json_path="organisasjonsnummer"),
        Column("name", json_path="navn"),
        Column("org_form", json_path="organisasjonsform.kode"),
        Column("nace", json_path="naeringskode1.kode"),
        Column("employees", T.NUMBER, json_path="antallAnsatte"),
        *_address_columns("business", "forretningsadresse"),
        *_address_columns("postal", "postadresse"),
        Column("founded_date", T.DATE, json_path="stiftelsesdato"),
        Column("registered_date", T.DATE, json_path="registreringsdatoEnhetsregisteret"),
        Column("vat_registered", T.BOOL, json_path="registrertIMvaregisteret"),
        Column("bankrupt", T.BOOL, json_path="konkurs"),
        Column("bankruptcy_date", T.DATE, json_path="konkursdato"),
        Column("winding_up", T.BOOL, json_path="underAvvikling"),
        Column("forced_dissolution", T.BOOL, json_path="underTvangsavviklingEllerTvangsopplosning"),
        Column("deleted_date", T.DATE, json_path="slettedato"),
        Column("website", json_path="hjemmeside"),
    ),
    (_company("unit", "orgnr", name="name"),),
    description="Legal units (open bulk format of the central coordinating register).",
)

BRREG_UNDERENHETER = RegisterFile(
    "brreg/underenheter.json",
    "brreg",
    "Enhetsregisteret (underenheter)",
    Classification.OPEN,
    FileFormat.JSON_ARRAY,
    (
        Column("record_id", T.RECORD_ID, required=True, json_path="organisasjonsnummer"),
        Column("orgnr", T.ORGNR, required=True, json_path="organisasjonsnummer"),
        Column("name", json_path="navn"),
        Column("parent_orgnr", T.ORGNR, json_path="overordnetEnhet"),
        Column("nace", json_path="naeringskode1.kode"),
        Column("employees", T.NUMBER, json_path="antallAnsatte"),
        *_address_columns("location", "beliggenhetsadresse"),
        Column("start_date", T.DATE, json_path="oppstartsdato"),
        Column("closed_date", T.DATE, json_path="nedleggelsesdato"),
    ),
    (_company("unit", "orgnr", name="name"), _company("parent", "parent_orgnr")),
    description="Establishments (sub-units), each tied to its parent legal unit.",
)

ROLE_CODES = _codes("DAGL", "LEDE", "MEDL", "NEST", "VARA", "INNH", "KONT", "REVI", "REGN")
# Role groups are typed by their own codes: the board's group is STYR (its roles LEDE, NEST,
# MEDL, VARA); the other groups share the code of their single role.
ROLE_GROUP_CODES = ROLE_CODES | _codes("STYR", "DELT", "KOMP", "PROK", "SIFE", "FFØR", "REPR")

BRREG_ROLLER = RegisterFile(
    "brreg/roller.jsonl",
    "brreg",
    "Enhetsregisteret (roller)",
    Classification.OPEN,
    FileFormat.JSON_LINES,
    (
        Column("record_id", T.RECORD_ID, required=True),  # orgnr:ROLE:index
        Column("orgnr", T.ORGNR, required=True, json_path="organisasjonsnummer"),
        Column("role", T.CODE, required=True, codes=ROLE_CODES, json_path="type.kode"),
        Column("role_group", T.CODE, codes=ROLE_GROUP_CODES, json_path="rollegruppe.type.kode"),
        Column("person_id", T.PERSON_ID, json_path="person.fodselsnummer"),
        Column("birth_date", T.DATE, json_path="person.fodselsdato"),
        Column("first_name", json_path="person.navn.fornavn"),
        Column("middle_name", json_path="person.navn.mellomnavn"),
        Column("last_name", json_path="person.navn.etternavn"),
        Column("holder_orgnr", T.ORGNR, json_path="enhet.organisasjonsnummer"),
        Column("resigned", T.BOOL, json_path="fratraadt"),
    ),
    (
        _company("unit", "orgnr"),
        Mention(
            "person",
            "holder",
            {
                "person_id": "person_id",
                "first_name": "first_name",
                "middle_name": "middle_name",
                "last_name": "last_name",
                "birth_date": "birth_date",
            },
        ),
        _company("holder", "holder_orgnr"),
    ),
    description="Roles (one element per organisation, flattened to one row per role).",
)

BRREG_REGNSKAP = RegisterFile(
    "brreg/regnskap.csv",
    "brreg",
    "Regnskapsregisteret",
    Classification.OPEN,
    FileFormat.CSV,
    (
        RID,
        _c("orgnr", T.ORGNR, required=True),
        _c("year", T.YEAR),
        _c("revenue_nok", T.AMOUNT),
        _c("wage_costs_nok", T.AMOUNT),
        _c("external_services_nok", T.AMOUNT),
        _c("profit_nok", T.AMOUNT),
        _c("auditor_orgnr", T.ORGNR),
        _c("filed_date", T.DATE),
    ),
    (_company("unit", "orgnr"), _company("auditor", "auditor_orgnr")),
    description="Annual accounts.",
)

FOLKEREGISTER = RegisterFile(
    "skatteetaten/folkeregister.csv",
    "skatteetaten",
    "Folkeregisteret",
    Classification.CONFIDENTIAL,
    FileFormat.CSV,
    (
        RID,
        _c("person_id", T.PERSON_ID, required=True),
        _c("id_type", T.CODE, codes=_codes("FNR", "DNR")),
        _c("first_name"),
        _c("middle_name"),
        _c("last_name"),
        _c("birth_date", T.DATE),
        _c("sex", T.CODE, codes=_codes("M", "F")),
        _c("address"),
        _c("postcode"),
        _c("municipality_no"),
        _c("country", T.COUNTRY),
        _c("status", T.CODE, codes=_codes("bosatt", "utflyttet", "doed", "midlertidig", "inaktiv")),
        _c("moved_in_date", T.DATE),
        _c("registered_date", T.DATE),
        _c("citizenship", T.COUNTRY),
    ),
    (
        Mention(
            "person",
            "subject",
            {
                "person_id": "person_id",
                "first_name": "first_name",
                "middle_name": "middle_name",
                "last_name": "last_name",
                "birth_date": "birth_date",
            },
        ),
    ),
    description="Population register.",
)

A_MELDING = RegisterFile(
    "skatteetaten/a_melding.csv",
    "skatteetaten",
    "a-ordningen",
    Classification.CONFIDENTIAL,
    FileFormat.CSV,
    (
        RID,
        _c("period", T.MONTH, required=True),
        _c("employer_orgnr", T.ORGNR, required=True),
        _c("workplace_orgnr", T.ORGNR),
        _c("employment_id"),
        _c("person_id", T.PERSON_ID),
        _c("foreign_id"),
        _c("foreign_id_type", T.CODE, codes=FOREIGN_ID_TYPES),
        _c("foreign_id_country", T.COUNTRY),
        _c("first_name"),
        _c("last_name"),
        _c("birth_date", T.DATE),
        _c("occupation_code"),
        _c("employment_type", T.CODE, codes=_codes("ordinary", "maritime", "freelance")),
        _c("start_date", T.DATE),
        _c("end_date", T.DATE),
        _c("position_pct", T.NUMBER),
        _c("full_time_hours_week", T.NUMBER),
        _c("paid_hours", T.NUMBER),
        _c("gross_pay_nok", T.AMOUNT),
        _c("pay_type", T.CODE, codes=_codes("fixed", "hourly")),
    ),
    (
        _person("employee", fid_type=True),
        _company("employer", "employer_orgnr"),
        _company("workplace", "workplace_orgnr"),
    ),
    description="Monthly employer reports, one row per employment per month.",
)

MVA = RegisterFile(
    "skatteetaten/mva.csv",
    "skatteetaten",
    "Merverdiavgiftsregisteret",
    Classification.CONFIDENTIAL,
    FileFormat.CSV,
    (
        RID,
        _c("orgnr", T.ORGNR, required=True),
        _c("term", T.TERM),
        _c("turnover_nok", T.AMOUNT),
        _c("output_vat_nok", T.AMOUNT),
        _c("input_vat_nok", T.AMOUNT),
        _c("submitted_date", T.DATE),
    ),
    (_company("unit", "orgnr"),),
    description="VAT returns, six terms a year.",
)

OPPDRAG = RegisterFile(
    "skatteetaten/oppdrag.csv",
    "skatteetaten",
    "Oppdrags- og arbeidsforholdsregisteret (RF-1199)",
    Classification.CONFIDENTIAL,
    FileFormat.CSV,
    (
        RID,
        _c("contract_id", required=True),
        _c("client_orgnr", T.ORGNR),
        _c("parent_contract_id"),
        _c("contractor_orgnr", T.ORGNR),
        _c("contractor_foreign_id"),
        _c("contractor_country", T.COUNTRY),
        _c("contractor_name"),
        _c("start_date", T.DATE),
        _c("end_date", T.DATE),
        _c("value_nok", T.AMOUNT),
        _c("site_postcode"),
        _c("description"),
    ),
    (
        _company("client", "client_orgnr"),
        _company(
            "contractor",
            "contractor_orgnr",
            foreign_id="contractor_foreign_id",
            country="contractor_country",
            name="contractor_name",
        ),
    ),
    description="Contracts with foreign contractors.",
)

UTSENDTE = RegisterFile(
    "skatteetaten/utsendte.csv",
    "skatteetaten",
    "Oppdrags- og arbeidsforholdsregisteret (RF-1198)",
    Classification.CONFIDENTIAL,
    FileFormat.CSV,
    (
        RID,
        _c("contract_id"),
        _c("contractor_orgnr", T.ORGNR),
        _c("contractor_foreign_id"),
        _c("person_id", T.PERSON_ID),
        _c("foreign_id"),
        _c("foreign_id_type", T.CODE, codes=FOREIGN_ID_TYPES),
        _c("foreign_id_country", T.COUNTRY),
        _c("first_name"),
        _c("last_name"),
        _c("birth_date", T.DATE),
        _c("first_work_day", T.DATE),
        _c("last_work_day", T.DATE),
        _c("a1_country", T.COUNTRY),
    ),
    (
        _person("employee", fid_type=True),
        _company("contractor", "contractor_orgnr", foreign_id="contractor_foreign_id"),
    ),
    description="Foreign employees on reported contracts (posted workers).",
)

YTELSER = RegisterFile(
    "nav/ytelser.csv",
    "nav",
    "Ytelser",
    Classification.CONFIDENTIAL,
    FileFormat.CSV,
    (
        RID,
        _c("person_id", T.PERSON_ID, required=True),
        _c("benefit", T.CODE, codes=_codes("DAGPENGER", "SYKEPENGER", "AAP")),
        _c("from_date", T.DATE),
        _c("to_date", T.DATE),
        _c("amount_nok", T.AMOUNT),
        _c("declared_work_hours", T.NUMBER),
    ),
    (Mention("person", "subject", {"person_id": "person_id"}),),
    description="Benefit payments.",
)

ANMELDELSER = RegisterFile(
    "politi/anmeldelser.csv",
    "politi",
    "Straffesaksregisteret",
    Classification.POLICE,
    FileFormat.CSV,
    (
        RID,
        _c("report_id"),
        _c("reported_date", T.DATE),
        _c(
            "offence",
            T.CODE,
            codes=_codes(
                "ARBEIDSMILJO",
                "SKATT",
                "TRYGDESVINDEL",
                "DOKUMENTFALSK",
                "MENNESKEHANDEL",
                "KONKURS",
                "HVITVASKING",
                "ANNET",
            ),
        ),
        _c("subject_kind", T.CODE, codes=_codes("person", "company")),
        _c("subject_orgnr", T.ORGNR),
        _c("subject_person_id", T.PERSON_ID),
        _c("subject_name"),
        _c("subject_birth_date", T.DATE),
        _c("status", T.CODE, codes=_codes("open", "charged", "convicted", "fined", "dropped")),
    ),
    (
        Mention(
            "person",
            "subject",
            {
                "person_id": "subject_person_id",
                "full_name": "subject_name",
                "birth_date": "subject_birth_date",
            },
        ),
        _company("subject", "subject_orgnr", name="subject_name"),
    ),
    description="Police reports.",
)

TILSYN = RegisterFile(
    "arbeidstilsynet/tilsyn.csv",
    "arbeidstilsynet",
    "Tilsyn",
    Classification.CONFIDENTIAL,
    FileFormat.CSV,
    (
        RID,
        _c("inspection_id", required=True),
        _c("date", T.DATE),
        _c("orgnr", T.ORGNR),
        _c("workplace_orgnr", T.ORGNR),
        _c("site_postcode"),
        _c("joint_with", T.CODES, codes=AGENCY_CODES),
        _c("sector"),
        _c("findings", T.CODES),  # an open list: codes are added over time
        _c("reaction", T.CODE, codes=_codes("NONE", "ORDER", "STOP", "FINE", "POLICE_REPORT")),
        _c("fine_nok", T.AMOUNT),
        _c("workers_checked", T.NUMBER),
    ),
    (_company("unit", "orgnr"), _company("workplace", "workplace_orgnr")),
    description="Inspections with findings and reactions.",
)

TILSYN_PERSONER = RegisterFile(
    "arbeidstilsynet/tilsyn_personer.csv",
    "arbeidstilsynet",
    "Tilsyn (personer)",
    Classification.CONFIDENTIAL,
    FileFormat.CSV,
    (
        RID,
        _c("inspection_id"),
        _c("person_id", T.PERSON_ID),
        _c("foreign_id"),
        _c("foreign_id_country", T.COUNTRY),
        _c("first_name"),
        _c("last_name"),
        _c("birth_date", T.DATE),
        _c("hms_card_no"),
        _c("stated_employer_orgnr", T.ORGNR),
        _c("stated_employer_name"),
    ),
    (
        _person("subject"),
        _company("stated_employer", "stated_employer_orgnr", name="stated_employer_name"),
    ),
    description="Persons met at inspections.",
)

HMS_KORT = RegisterFile(
    "arbeidstilsynet/hms_kort.csv",
    "arbeidstilsynet",
    "HMS-kort",
    Classification.CONFIDENTIAL,
    FileFormat.CSV,
    (
        RID,
        _c("card_no"),
        _c("person_id", T.PERSON_ID),
        _c("foreign_id"),
        _c("foreign_id_country", T.COUNTRY),
        _c("first_name"),
        _c("last_name"),
        _c("birth_date", T.DATE),
        _c("employer_orgnr", T.ORGNR),
        _c("issued_date", T.DATE),
        _c("expiry_date", T.DATE),
        _c("blocked_date", T.DATE),
    ),
    (_person("holder"), _company("employer", "employer_orgnr")),
    description="Construction and cleaning ID cards.",
)

GODKJENNINGER = RegisterFile(
    "arbeidstilsynet/godkjenninger.csv",
    "arbeidstilsynet",
    "Godkjenningsregistre",
    Classification.CONFIDENTIAL,
    FileFormat.CSV,
    (
        RID,
        _c("scheme", T.CODE, codes=_codes("RENHOLD", "BILPLEIE", "BEMANNING")),
        _c("orgnr", T.ORGNR, required=True),
        _c("status", T.CODE, codes=_codes("approved", "refused", "revoked")),
        _c("from_date", T.DATE),
        _c("to_date", T.DATE),
    ),
    (_company("unit", "orgnr"),),
    description="Approvals for cleaning, car care and staffing agencies.",
)

TIPS = RegisterFile(
    "arbeidstilsynet/tips.csv",
    "arbeidstilsynet",
    "Tips",
    Classification.CONFIDENTIAL,
    FileFormat.CSV,
    (
        RID,
        _c("tip_id"),
        _c("received_date", T.DATE),
        _c("channel", T.CODE, codes=_codes("web", "phone", "email", "partner")),
        _c("source_kind", T.CODE, codes=_codes("worker", "union", "public", "agency", "anonymous")),
        _c("language"),
        _c("text"),
        _c("mentioned_orgnr", T.ORGNR),
        _c("mentioned_name"),
    ),
    (_company("mentioned", "mentioned_orgnr", name="mentioned_name"),),
    description="Tips from workers, unions, the public and partner agencies.",
)

FORERKORT = RegisterFile(
    "vegvesen/forerkort.csv",
    "vegvesen",
    "Førerkortregisteret",
    Classification.CONFIDENTIAL,
    FileFormat.CSV,
    (
        RID,
        _c("person_id", T.PERSON_ID),
        _c("foreign_id"),
        _c("foreign_id_country", T.COUNTRY),
        _c("first_name"),
        _c("last_name"),
        _c("birth_date", T.DATE),
        _c("licence_class", T.CODE, codes=_codes("B", "C1", "C", "CE", "D")),
        _c("first_issued_date", T.DATE),
        _c("code95_valid_to", T.DATE),
        _c("issuing_country", T.COUNTRY),
    ),
    (_person("holder"),),
    description="Driving licences.",
)

KJORETOY = RegisterFile(
    "vegvesen/kjoretoy.csv",
    "vegvesen",
    "Motorvognregisteret",
    Classification.CONFIDENTIAL,
    FileFormat.CSV,
    (
        RID,
        _c("reg_no", required=True),
        _c("owner_orgnr", T.ORGNR),
        _c("owner_person_id", T.PERSON_ID),
        _c("vehicle_class", T.CODE, codes=_codes("car", "van", "truck", "bus")),
        _c("registered_date", T.DATE),
    ),
    (
        Mention("person", "owner", {"person_id": "owner_person_id"}),
        _company("owner", "owner_orgnr"),
    ),
    description="Vehicles and their owners.",
)

UTEKONTROLLER = RegisterFile(
    "vegvesen/utekontroller.csv",
    "vegvesen",
    "Utekontroller",
    Classification.CONFIDENTIAL,
    FileFormat.CSV,
    (
        RID,
        _c("check_id"),
        _c("date", T.DATE),
        _c("reg_no"),
        _c("driver_person_id", T.PERSON_ID),
        _c("driver_foreign_id"),
        _c("driver_foreign_id_country", T.COUNTRY),
        _c("driver_first_name"),
        _c("driver_last_name"),
        _c("driver_birth_date", T.DATE),
        _c("stated_employer_orgnr", T.ORGNR),
        _c(
            "findings",
            T.CODES,
            codes=_codes(
                "CABOTAGE", "DRIVING_TIME", "TACHOGRAPH", "NO_LICENCE", "NO_CODE95", "TECHNICAL"
            ),
        ),
        _c("reaction", T.CODE, codes=_codes("NONE", "WARNING", "FINE", "PROHIBITION")),
    ),
    (_person("driver", "driver_"), _company("stated_employer", "stated_employer_orgnr")),
    description="Roadside checks.",
)

TRANSAKSJONER = RegisterFile(
    "bank/transaksjoner.csv",
    "bank",
    "Kontoopplysninger",
    Classification.CONFIDENTIAL,
    FileFormat.CSV,
    (
        RID,
        _c("account_no", required=True),
        _c("owner_orgnr", T.ORGNR),
        _c("owner_person_id", T.PERSON_ID),
        _c("date", T.DATE),
        _c("amount_nok", T.AMOUNT),
        _c(
            "kind",
            T.CODE,
            codes=_codes("SALARY", "TRANSFER", "CASH_WITHDRAWAL", "CASH_DEPOSIT", "CARD"),
        ),
        _c("counterparty_account"),
        _c("counterparty_orgnr", T.ORGNR),
        _c("counterparty_person_id", T.PERSON_ID),
        _c("counterparty_name"),
    ),
    (
        Mention("person", "owner", {"person_id": "owner_person_id", "account": "account_no"}),
        Mention(
            "person",
            "counterparty",
            {
                "person_id": "counterparty_person_id",
                "full_name": "counterparty_name",
                "account": "counterparty_account",
            },
        ),
        _company("owner", "owner_orgnr"),
        _company("counterparty", "counterparty_orgnr", name="counterparty_name"),
    ),
    optional=True,
    description="Account transactions obtained lawfully for specific cases.",
)

REGISTER_FILES: tuple[RegisterFile, ...] = (
    BRREG_ENHETER,
    BRREG_UNDERENHETER,
    BRREG_ROLLER,
    BRREG_REGNSKAP,
    FOLKEREGISTER,
    A_MELDING,
    MVA,
    OPPDRAG,
    UTSENDTE,
    YTELSER,
    ANMELDELSER,
    TILSYN,
    TILSYN_PERSONER,
    HMS_KORT,
    GODKJENNINGER,
    TIPS,
    FORERKORT,
    KJORETOY,
    UTEKONTROLLER,
    TRANSAKSJONER,
)

BY_PATH: dict[str, RegisterFile] = {f.path: f for f in REGISTER_FILES}

# Attributes no risk indicator may read (nor a proxy of them): see docs/indicators.md.
PROTECTED_ATTRIBUTES = frozenset({"citizenship", "sex", "birth_date", "age", "country_of_birth"})


def register_file(path: str) -> RegisterFile:
    try:
        return BY_PATH[path]
    except KeyError:
        raise KeyError(f"{path} is not a register file of the input contract") from None
