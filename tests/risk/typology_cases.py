"""Small planted cases, one or more per indicator, each with an innocent look-alike: rows that
resemble the planted case but should not fire (honest part-timers, honest declarations, old
firms at a shared address...). Paths are the contract's register files."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .fixture_store import QUARANTINE, Row

AM = "skatteetaten/a_melding.csv"
ENH = "brreg/enheter.json"
ROL = "brreg/roller.jsonl"
REG = "brreg/regnskap.csv"
MVA = "skatteetaten/mva.csv"
BANK = "bank/transaksjoner.csv"
TIL = "arbeidstilsynet/tilsyn.csv"
TILP = "arbeidstilsynet/tilsyn_personer.csv"
HMS = "arbeidstilsynet/hms_kort.csv"
OPP = "skatteetaten/oppdrag.csv"
UTS = "skatteetaten/utsendte.csv"
YT = "nav/ytelser.csv"
FOLK = "skatteetaten/folkeregister.csv"
POL = "politi/anmeldelser.csv"
TIPS = "arbeidstilsynet/tips.csv"
UTE = "vegvesen/utekontroller.csv"
FK = "vegvesen/forerkort.csv"
KJ = "vegvesen/kjoretoy.csv"
GOD = "arbeidstilsynet/godkjenninger.csv"

X = "910000001"  # the company each case is about
Y = "910000002"
Z = "910000003"


@dataclass(frozen=True)
class Case:
    indicator: str
    planted: list[Row]
    look_alike: list[Row]
    company: str = X


def firm(orgnr: str, nace: str = "43.120", form: str = "AS", **kw: object) -> Row:
    values: dict[str, object] = {
        "record_id": orgnr,
        "orgnr": orgnr,
        "nace": nace,
        "org_form": form,
        "registered_date": "2015-01-01",
        "vat_registered": True,
        "bankrupt": False,
        "business_address": f"Gate {orgnr}",
        "business_postcode": "0150",
    }
    values.update(kw)
    return (ENH, values)


def job(employer: str, person: str, period: str = "2025-09", **kw: object) -> Row:
    values: dict[str, object] = {
        "period": period,
        "employer_orgnr": employer,
        "person_id": person,
        "employment_type": "ordinary",
        "position_pct": 100.0,
        "full_time_hours_week": 37.5,
        "paid_hours": 162.5,
        "gross_pay_nok": 50000,
        "occupation_code": "7112101",
    }
    values.update(kw)
    return (AM, values)


def role(orgnr: str, person: str, code: str = "DAGL", **kw: object) -> Row:
    return (ROL, {"orgnr": orgnr, "role": code, "person_id": person, "resigned": False, **kw})


def new_firms_run_by(person: str, prefix: str = "92000000", count: int = 2) -> list[Row]:
    """A batch of firms registered a month apart from April 2024, each run by ``person``."""
    orgnrs = [f"{prefix}{i}" for i in range(count)]
    return [firm(o, registered_date=f"2024-{i + 4:02d}-01") for i, o in enumerate(orgnrs)] + [
        role(o, person) for o in orgnrs
    ]


def transfer(owner: str, amount: float, **counterparty: object) -> Row:
    """A bank transfer from (negative amount) or to a company's account."""
    values = {"account_no": f"a{owner}", "owner_orgnr": owner, "amount_nok": amount}
    return (BANK, {**values, "kind": "TRANSFER", **counterparty})


def pay(person: str, kind: str, amount: float, day: str, **counterparty: object) -> Row:
    """A movement on a person's own bank account."""
    values = {"account_no": f"p{person}", "owner_person_id": person, "date": day}
    return (BANK, {**values, "amount_nok": amount, "kind": kind, **counterparty})


def claim_declaring_no_work(person: str) -> Row:
    """Unemployment benefit from January to June 2025 with no hours declared."""
    values = {"person_id": person, "benefit": "DAGPENGER", "declared_work_hours": 0}
    return (YT, {**values, "from_date": "2025-01-01", "to_date": "2025-06-30"})


def quarantined_contract(contract_id: str, client: str, contractor: str) -> Row:
    """A contract row (RF-1199) quarantined at ingest for an unreadable amount."""
    raw = {
        "contract_id": contract_id,
        "client_orgnr": client,
        "contractor_orgnr": contractor,
        "value_nok": "ca 3890000",
    }
    values = {"delivery_id": "fixture", "source_file": OPP, "record_id": f"Q{contract_id}"}
    return (QUARANTINE, {**values, "column": "value_nok", "fields": json.dumps(raw)})


def months(start: int, end: int, year: int = 2025) -> list[str]:
    return [f"{year}-{m:02d}" for m in range(start, end + 1)]


def _jobs_then_sick_pay(start: str, end: str, claim: str) -> list[Row]:
    """A firm without sales whose two employees, reported December to April with the given
    start and end dates, claim sick pay from ``claim``."""
    return (
        [firm(X, registered_date="2024-12-01"), (MVA, {"orgnr": X, "turnover_nok": 0})]
        + [
            job(X, PEOPLE[i], m, start_date=start, end_date=end)
            for i in range(2)
            for m in ["2024-12", *months(1, 4)]
        ]
        + [
            (YT, {"person_id": PEOPLE[i], "benefit": "SYKEPENGER", "from_date": claim})
            for i in range(2)
        ]
    )


PEOPLE = [f"0101908{i:04d}" for i in range(20)]

CASES: list[Case] = [
    Case(
        "WAGE_BELOW_MINIMUM",
        # Three people paid about NOK 100 an hour, month after month.
        [firm(X)]
        + [job(X, PEOPLE[i], m, gross_pay_nok=16000) for i in range(3) for m in months(8, 9)],
        [
            firm(X),
            # Honest part-timers, a freelancer, and one short month each (unpaid leave).
            job(X, PEOPLE[0], paid_hours=None, position_pct=50.0, gross_pay_nok=20000),
            job(X, PEOPLE[1], paid_hours=None, position_pct=50.0, gross_pay_nok=20000),
            job(X, PEOPLE[2], employment_type="freelance", gross_pay_nok=5000),
            *[job(X, PEOPLE[i], "2025-08", gross_pay_nok=16000) for i in range(3, 6)],
            *[job(X, PEOPLE[i], "2025-09") for i in range(3, 6)],
            # One person underpaid for long is a case for the worker, not a pattern.
            *[job(X, PEOPLE[6], m, gross_pay_nok=16000) for m in months(8, 10)],
            # Youth or apprentice rates: somewhat below the adult rate, lawfully.
            *[
                job(X, PEOPLE[i], m, gross_pay_nok=35000)
                for i in range(7, 10)
                for m in months(8, 9)
            ],
        ],
    ),
    Case(
        "LONG_HOURS",
        [firm(X), job(X, PEOPLE[0], paid_hours=260), job(X, PEOPLE[1], paid_hours=250)],
        [firm(X), job(X, PEOPLE[0], paid_hours=180), job(X, PEOPLE[1], paid_hours=250)],
    ),
    Case(
        "WAGE_KICKBACKS",
        [role(X, PEOPLE[9])]
        + [job(X, PEOPLE[i]) for i in range(3)]
        + [
            (
                BANK,
                {
                    "account_no": f"p{i}",
                    "owner_person_id": PEOPLE[i],
                    "amount_nok": -9000,
                    "kind": "TRANSFER",
                    "counterparty_person_id": PEOPLE[9],
                },
            )
            for i in range(3)
        ],
        [role(X, PEOPLE[9])]
        + [job(X, PEOPLE[i]) for i in range(3)]
        + [
            (
                BANK,
                {
                    "account_no": f"p{i}",
                    "owner_person_id": PEOPLE[i],
                    "amount_nok": -9000,
                    "kind": "TRANSFER",
                    "counterparty_person_id": PEOPLE[10 + i],
                },
            )
            for i in range(3)
        ]
        # Rent paid to the employer, and small sums to its manager: not wages paid back.
        + [job(X, PEOPLE[i]) for i in (3, 4, 5)]
        + [
            (
                BANK,
                {
                    "account_no": f"p{i}",
                    "owner_person_id": PEOPLE[i],
                    "amount_nok": amount,
                    "kind": kind,
                    **counterparty,
                },
            )
            for i in (3, 4, 5)
            for amount, kind, counterparty in (
                (30000, "SALARY", {"counterparty_orgnr": X}),
                (-5000, "TRANSFER", {"counterparty_orgnr": X}),
                (-500, "TRANSFER", {"counterparty_person_id": PEOPLE[9]}),
            )
        ]
        + [
            (
                BANK,
                {
                    "account_no": "p0",
                    "owner_person_id": PEOPLE[0],
                    "amount_nok": 9000,
                    "kind": "TRANSFER",
                    "counterparty_person_id": PEOPLE[9],
                },
            )
        ],
    ),
    Case(
        "REPEAT_BANKRUPTCY_CONTROLLER",
        [
            firm(Y, bankrupt=True, bankruptcy_date="2024-05-01"),
            firm(Z, bankrupt=True, bankruptcy_date="2025-02-01"),
            firm(X),
            role(Y, PEOPLE[0], resigned=True),
            role(Z, PEOPLE[0], "LEDE"),
            role(X, PEOPLE[0]),
        ],
        [
            firm(Y, bankrupt=True, bankruptcy_date="2024-05-01"),
            firm(Z),
            firm(X),
            role(Y, PEOPLE[0]),
            role(Z, PEOPLE[0]),
            role(X, PEOPLE[0]),
        ],
    ),
    Case(
        "REPEAT_BANKRUPTCY_CONTROLLER",
        [
            firm(Y, bankrupt=True, bankruptcy_date="2024-05-01"),
            firm(Z, bankrupt=True, bankruptcy_date="2025-02-01"),
            firm(X),
            role(Y, PEOPLE[0], "INNH"),
            role(Z, PEOPLE[0], "DAGL"),
            role(X, PEOPLE[0], "DAGL"),
        ],
        # A professional board member: two of the many boards it sits on failed.
        [
            firm(Y, bankrupt=True, bankruptcy_date="2024-05-01"),
            firm(Z, bankrupt=True, bankruptcy_date="2025-02-01"),
            firm(X),
            role(Y, PEOPLE[0], "MEDL"),
            role(Z, PEOPLE[0], "MEDL"),
            role(X, PEOPLE[0], "MEDL"),
        ],
    ),
    Case(
        "SUCCESSOR_AFTER_BANKRUPTCY",
        [
            firm(Y, bankrupt=True, bankruptcy_date="2025-03-01"),
            firm(X, registered_date="2025-04-01"),
            role(Y, PEOPLE[0]),
            role(X, PEOPLE[0], "LEDE"),
            job(X, PEOPLE[5], "2025-05"),
        ],
        [
            firm(Y, bankrupt=True, bankruptcy_date="2025-03-01"),
            firm(X, registered_date="2025-04-01"),
            role(Y, PEOPLE[0]),
            role(X, PEOPLE[1]),
            job(X, PEOPLE[5], "2025-05"),
        ],
    ),
    Case(
        "SUCCESSOR_AFTER_BANKRUPTCY",
        [
            firm(Y, bankrupt=True, bankruptcy_date="2025-03-01"),
            firm(X, registered_date="2025-04-01"),
            role(Y, PEOPLE[0]),
            role(X, PEOPLE[0], "LEDE"),
            (MVA, {"orgnr": X, "turnover_nok": 400000}),
        ],
        # The same owner's new company that never trades (a holding, a dormant shell).
        [
            firm(Y, bankrupt=True, bankruptcy_date="2025-03-01"),
            firm(X, registered_date="2025-04-01"),
            role(Y, PEOPLE[0]),
            role(X, PEOPLE[0], "LEDE"),
            (MVA, {"orgnr": X, "turnover_nok": 0}),
        ],
    ),
    Case(
        "STAFF_MOVED_EN_MASSE",
        # The old firm goes bankrupt and its staff turn up at the new one.
        [firm(X), firm(Y, bankrupt=True, bankruptcy_date="2025-06-10")]
        + [job(Y, p, m) for p in PEOPLE[:4] for m in months(1, 5)]
        + [job(X, p, m) for p in PEOPLE[:4] for m in months(6, 8)],
        [firm(X), firm(Y)]
        + [job(Y, p, m) for p in PEOPLE[:4] for m in months(1, 5)]
        + [job(Y, p, m) for p in PEOPLE[1:4] for m in months(6, 8)]
        + [job(X, PEOPLE[0], m) for m in months(6, 8)],
    ),
    Case(
        "STAFF_MOVED_EN_MASSE",
        # The same manager on both sides: the business moves, the old firm is left behind.
        [firm(X), firm(Y), role(X, PEOPLE[9]), role(Y, PEOPLE[9])]
        + [job(Y, p, m) for p in PEOPLE[:4] for m in months(1, 5)]
        + [job(X, p, m) for p in PEOPLE[:4] for m in months(6, 8)],
        # A lawful transfer of undertaking: a new owner takes the staff over and the old firm
        # is wound up voluntarily.
        [
            firm(X),
            firm(Y, deleted_date="2025-06-30"),
            role(X, PEOPLE[9]),
            role(Y, PEOPLE[8]),
        ]
        + [job(Y, p, m) for p in PEOPLE[:4] for m in months(1, 5)]
        + [job(X, p, m) for p in PEOPLE[:4] for m in months(6, 8)],
    ),
    Case(
        "CONTROLLER_MANY_COMPANIES",
        [firm(X, registered_date="2024-03-01"), role(X, PEOPLE[0]), *new_firms_run_by(PEOPLE[0])],
        [firm(X, registered_date="2024-03-01"), role(X, PEOPLE[0])]
        + [firm(f"92000000{i}", registered_date=f"20{10 + 3 * i}-01-01") for i in range(3)]
        + [role(f"92000000{i}", PEOPLE[0]) for i in range(3)]
        + [firm(f"93000000{i}", registered_date="2024-05-01") for i in range(2)]
        + [role(f"93000000{i}", PEOPLE[0], "MEDL") for i in range(2)],
    ),
    Case(
        "FRONT_WITHOUT_INCOME",
        # A batch of three new firms run by someone who earns nothing anywhere.
        [firm(X, registered_date="2024-03-01"), role(X, PEOPLE[0]), *new_firms_run_by(PEOPLE[0])],
        # The same batch run by a person paid by one of the firms, and another run by a person
        # whose own sole proprietorship trades.
        [
            firm(X, registered_date="2024-03-01"),
            role(X, PEOPLE[0]),
            *new_firms_run_by(PEOPLE[0]),
            job("920000000", PEOPLE[0]),
            *new_firms_run_by(PEOPLE[1], "93000000", 3),
            firm("940000000", form="ENK"),
            role("940000000", PEOPLE[1], "INNH"),
            (MVA, {"orgnr": "940000000", "turnover_nok": 400000}),
        ],
    ),
    Case(
        "FRONT_OF_STAFFED_FIRMS",
        # A front without income whose new firms employ staff: operating businesses.
        [firm(X, registered_date="2024-03-01"), role(X, PEOPLE[0]), *new_firms_run_by(PEOPLE[0])]
        + [job(o, PEOPLE[i]) for i, o in enumerate((X, "920000000"), start=5)],
        # The same batch with one staffed firm (the rest holding or dormant companies), a paid
        # manager of staffed new firms, and an unpaid manager of staffed new firms whose boards
        # are other people.
        [
            firm(X, registered_date="2024-03-01"),
            role(X, PEOPLE[0]),
            *new_firms_run_by(PEOPLE[0]),
            job(X, PEOPLE[5]),
            *new_firms_run_by(PEOPLE[1], "93000000", 3),
            *[job(f"93000000{i}", PEOPLE[6 + i]) for i in range(3)],
            job("930000000", PEOPLE[1]),
        ],
    ),
    Case(
        "FRONT_OF_STAFFED_FIRMS",
        [firm(X, registered_date="2024-03-01"), role(X, PEOPLE[0]), *new_firms_run_by(PEOPLE[0])]
        + [job(o, PEOPLE[i]) for i, o in enumerate((X, "920000000"), start=5)],
        # An unpaid manager of staffed new firms whose boards are other people: an owner
        # managing with a board, not a lone borrowed name.
        [firm(X, registered_date="2024-03-01"), role(X, PEOPLE[0]), *new_firms_run_by(PEOPLE[0])]
        + [job(o, PEOPLE[i]) for i, o in enumerate((X, "920000000"), start=5)]
        + [role(o, PEOPLE[15], "LEDE") for o in (X, "920000000", "920000001")],
    ),
    Case(
        "HANDOVER_AFTER_FAILURE",
        # The manager of a bankrupt firm stepped down here and someone else runs it now.
        [
            firm(X),
            firm(Y, bankrupt=True, bankruptcy_date="2025-03-01"),
            role(Y, PEOPLE[0]),
            role(X, PEOPLE[0], resigned=True),
            role(X, PEOPLE[1]),
        ],
        # A manager with a clean record stepping down, and the manager of a failed firm who
        # still runs this one himself.
        [
            firm(X),
            firm(Y, bankrupt=True, bankruptcy_date="2025-03-01"),
            firm(Z),
            role(Y, PEOPLE[0]),
            role(X, PEOPLE[0]),
            role(X, PEOPLE[2], resigned=True),
            role(X, PEOPLE[1]),
            role(Z, PEOPLE[0], "MEDL", resigned=True),
            role(Z, PEOPLE[3]),
        ],
    ),
    Case(
        "CONTROLLER_ON_BENEFITS",
        [
            role(X, PEOPLE[0]),
            job(X, PEOPLE[1]),
            job(X, PEOPLE[2]),
            (YT, {"person_id": PEOPLE[0], "benefit": "DAGPENGER", "from_date": "2025-08-01"}),
        ],
        [
            role(X, PEOPLE[0]),
            job(X, PEOPLE[1]),
            job(X, PEOPLE[2]),
            (YT, {"person_id": PEOPLE[0], "benefit": "SYKEPENGER", "from_date": "2025-08-01"}),
            (YT, {"person_id": PEOPLE[0], "benefit": "DAGPENGER", "to_date": "2024-03-31"}),
            role(X, PEOPLE[3], resigned=True),
            (YT, {"person_id": PEOPLE[3], "benefit": "AAP", "from_date": "2025-08-01"}),
        ],
    ),
    Case(
        "EXTERNAL_SERVICES_VS_WAGES",
        [(REG, {"orgnr": X, "year": "2024", "external_services_nok": 5e6, "wage_costs_nok": 4e5})],
        [
            (
                REG,
                {"orgnr": X, "year": "2024", "external_services_nok": 1.2e6, "wage_costs_nok": 2e6},
            )
        ],
    ),
    Case(
        "VAT_TURNOVER_NO_EMPLOYEES",
        [firm(X), (MVA, {"orgnr": X, "term": "2025-T1", "turnover_nok": 2e6})],
        [
            firm(X),
            (MVA, {"orgnr": X, "term": "2025-T1", "turnover_nok": 2e6}),
            job(X, PEOPLE[0]),
            firm(Y, form="ENK"),
            (MVA, {"orgnr": Y, "term": "2025-T1", "turnover_nok": 2e6}),
        ],
    ),
    Case(
        "AUDITOR_CHANGES",
        [
            (REG, {"orgnr": X, "year": str(y), "auditor_orgnr": f"97000000{y % 10}"})
            for y in (2022, 2023, 2024)
        ],
        [
            (REG, {"orgnr": X, "year": str(y), "auditor_orgnr": "970000001"})
            for y in (2022, 2023, 2024)
        ],
    ),
    Case(
        "CASH_AFTER_INCOMING",
        [
            (
                BANK,
                {
                    "account_no": "1",
                    "owner_orgnr": X,
                    "date": "2025-05-02",
                    "amount_nok": 500000,
                    "kind": "TRANSFER",
                    "counterparty_orgnr": Y,
                },
            ),
            (
                BANK,
                {
                    "account_no": "1",
                    "owner_orgnr": X,
                    "date": "2025-05-04",
                    "amount_nok": -200000,
                    "kind": "CASH_WITHDRAWAL",
                },
            ),
            (
                BANK,
                {
                    "account_no": "1",
                    "owner_orgnr": X,
                    "date": "2025-05-06",
                    "amount_nok": -200000,
                    "kind": "CASH_WITHDRAWAL",
                },
            ),
        ],
        [
            (
                BANK,
                {
                    "account_no": "1",
                    "owner_orgnr": X,
                    "date": "2025-05-02",
                    "amount_nok": 500000,
                    "kind": "TRANSFER",
                    "counterparty_orgnr": Y,
                },
            ),
            (
                BANK,
                {
                    "account_no": "1",
                    "owner_orgnr": X,
                    "date": "2025-06-04",
                    "amount_nok": -200000,
                    "kind": "CASH_WITHDRAWAL",
                },
            ),
            (
                BANK,
                {
                    "account_no": "1",
                    "owner_orgnr": X,
                    "date": "2025-05-04",
                    "amount_nok": -20000,
                    "kind": "CASH_WITHDRAWAL",
                },
            ),
        ],
    ),
    Case(
        "WORKERS_SEEN_NOT_REPORTED",
        [
            (TIL, {"inspection_id": "I1", "date": "2025-09-10", "orgnr": X}),
            (TILP, {"inspection_id": "I1", "person_id": PEOPLE[0], "stated_employer_orgnr": X}),
            (TILP, {"inspection_id": "I1", "person_id": PEOPLE[1], "stated_employer_orgnr": X}),
            job(X, PEOPLE[0], "2024-01"),
            job(Y, PEOPLE[5], "2025-09"),
        ],
        [
            (TIL, {"inspection_id": "I1", "date": "2025-09-10", "orgnr": X}),
            (TILP, {"inspection_id": "I1", "person_id": PEOPLE[0], "stated_employer_orgnr": X}),
            (TILP, {"inspection_id": "I1", "person_id": PEOPLE[1], "stated_employer_orgnr": X}),
            job(X, PEOPLE[0], "2025-09"),
            job(X, PEOPLE[1], "2025-08"),
            # Hired-in staff name the client; their agency reports them. A posted worker is
            # reported on the posting register.
            *[
                (TILP, {"inspection_id": "I1", "person_id": PEOPLE[i], "stated_employer_orgnr": X})
                for i in (2, 3, 4)
            ],
            job(Y, PEOPLE[2], "2025-09"),
            job(Y, PEOPLE[3], "2025-10"),
            (UTS, {"contract_id": "K1", "contractor_orgnr": Y, "person_id": PEOPLE[4]}),
        ],
    ),
    Case(
        "HMS_CARDS_NOT_REPORTED",
        [
            *[
                (HMS, {"card_no": f"C{i}", "person_id": PEOPLE[i], "employer_orgnr": X})
                for i in range(2)
            ],
            job(X, PEOPLE[5]),
            # Posted once by another firm: that posting does not report their work for X.
            *[
                (UTS, {"contract_id": "K2", "contractor_orgnr": Y, "person_id": PEOPLE[i]})
                for i in range(2)
            ],
        ],
        [(HMS, {"card_no": f"C{i}", "person_id": PEOPLE[i], "employer_orgnr": X}) for i in range(2)]
        + [
            job(X, PEOPLE[0]),
            # Posted workers carry cards but are reported on the posting register.
            *[
                (HMS, {"card_no": f"C{i}", "person_id": PEOPLE[i], "employer_orgnr": X})
                for i in (3, 4)
            ],
            *[
                (UTS, {"contract_id": "K1", "contractor_orgnr": X, "person_id": PEOPLE[i]})
                for i in (3, 4)
            ],
            (
                HMS,
                {
                    "card_no": "C9",
                    "person_id": PEOPLE[9],
                    "employer_orgnr": X,
                    "blocked_date": "2025-01-01",
                },
            ),
        ],
    ),
    Case(
        "SITE_WORKERS_UNREPORTED",
        [
            (TIL, {"inspection_id": "I1", "date": "2025-09-10", "orgnr": X}),
            job(X, PEOPLE[5], "2025-09"),
            # Two people working for a foreign contractor that posted only a third one.
            (TILP, {"inspection_id": "I1", "person_id": PEOPLE[0], "stated_employer_name": "UAB"}),
            (TILP, {"inspection_id": "I1", "person_id": PEOPLE[1], "stated_employer_orgnr": Z}),
            (TILP, {"inspection_id": "I1", "person_id": PEOPLE[2], "stated_employer_orgnr": Z}),
            (OPP, {"contract_id": "K1", "client_orgnr": X, "contractor_orgnr": Z}),
            (UTS, {"contract_id": "K1", "contractor_orgnr": Z, "person_id": PEOPLE[2]}),
            # Posted for another client: that does not report their work on X's site.
            (OPP, {"contract_id": "K9", "client_orgnr": Y, "contractor_orgnr": Z}),
            (UTS, {"contract_id": "K9", "contractor_orgnr": Z, "person_id": PEOPLE[1]}),
        ],
        [
            (TIL, {"inspection_id": "I1", "date": "2025-09-10", "orgnr": X}),
            (TIL, {"inspection_id": "I0", "date": "2023-05-10", "orgnr": X}),
            job(X, PEOPLE[5], "2025-09"),
            # A Norwegian subcontractor's worker, reported by it.
            (TILP, {"inspection_id": "I1", "person_id": PEOPLE[0], "stated_employer_orgnr": Y}),
            job(Y, PEOPLE[0], "2025-10"),
            # Posted under X's contract, and under a subcontract beneath it.
            (TILP, {"inspection_id": "I1", "person_id": PEOPLE[1]}),
            (TILP, {"inspection_id": "I1", "person_id": PEOPLE[2]}),
            (OPP, {"contract_id": "K1", "client_orgnr": X, "contractor_orgnr": Z}),
            (OPP, {"contract_id": "K2", "client_orgnr": Z, "parent_contract_id": "K1"}),
            (UTS, {"contract_id": "K1", "contractor_orgnr": Z, "person_id": PEOPLE[1]}),
            (UTS, {"contract_id": "K2", "person_id": PEOPLE[2]}),
            # X's own named staff (another indicator's matter), one unreported stranger, and
            # people met before the months the employer reports cover.
            (TILP, {"inspection_id": "I1", "person_id": PEOPLE[3], "stated_employer_orgnr": X}),
            (TILP, {"inspection_id": "I1", "person_id": PEOPLE[4], "stated_employer_orgnr": X}),
            (TILP, {"inspection_id": "I1", "person_id": PEOPLE[6]}),
            (TILP, {"inspection_id": "I0", "person_id": PEOPLE[7]}),
            (TILP, {"inspection_id": "I0", "person_id": PEOPLE[8]}),
        ],
    ),
    Case(
        "SITE_WORKERS_UNREPORTED",
        [
            (TIL, {"inspection_id": "I1", "date": "2025-09-10", "orgnr": X}),
            job(X, PEOPLE[5], "2025-09"),
            *[(TILP, {"inspection_id": "I1", "person_id": PEOPLE[i]}) for i in range(2)],
            *[(UTS, {"contract_id": "K5", "person_id": PEOPLE[i]}) for i in range(2)],
        ],
        # Posted under X's contract whose row was quarantined at ingest: reported, unreadable.
        [
            (TIL, {"inspection_id": "I1", "date": "2025-09-10", "orgnr": X}),
            job(X, PEOPLE[5], "2025-09"),
            *[(TILP, {"inspection_id": "I1", "person_id": PEOPLE[i]}) for i in range(2)],
            *[(UTS, {"contract_id": "K5", "person_id": PEOPLE[i]}) for i in range(2)],
            quarantined_contract("K5", client=X, contractor=Z),
        ],
    ),
    Case(
        "SOLE_TRADER_CLUSTER",
        [
            firm(o, form="ENK", registered_date=f"2025-03-{d:02d}", business_address="Gate 9")
            for o, d in ((X, 1), (Y, 10), (Z, 20))
        ],
        [
            firm(o, form="ENK", registered_date=f"{y}-03-01", business_address="Gate 9")
            for o, y in ((X, 2015), (Y, 2019), (Z, 2023))
        ],
    ),
    Case(
        "OWNER_WORKS_FOR_CLIENT",
        [firm(X, form="ENK")]
        + [
            (
                BANK,
                {
                    "account_no": "2",
                    "owner_orgnr": X,
                    "amount_nok": 30000,
                    "kind": "TRANSFER",
                    "counterparty_orgnr": Y,
                },
            )
            for _ in range(3)
        ],
        [firm(X, form="ENK")]
        + [
            (
                BANK,
                {
                    "account_no": "2",
                    "owner_orgnr": X,
                    "amount_nok": 30000,
                    "kind": "TRANSFER",
                    "counterparty_orgnr": c,
                },
            )
            for c in (Y, Z, "910000009")
        ],
    ),
    Case(
        "POSTED_WITHOUT_A1",
        [(OPP, {"contract_id": "K1", "client_orgnr": Y, "contractor_orgnr": X})]
        + [
            (UTS, {"contract_id": "K1", "contractor_orgnr": X, "person_id": PEOPLE[i]})
            for i in range(2)
        ],
        [(OPP, {"contract_id": "K1", "client_orgnr": Y, "contractor_orgnr": X})]
        + [
            (
                UTS,
                {
                    "contract_id": "K1",
                    "contractor_orgnr": X,
                    "person_id": PEOPLE[i],
                    "a1_country": "LT",
                },
            )
            for i in range(2, 6)
        ]
        # Two certificates still pending among six postings is ordinary.
        + [
            (UTS, {"contract_id": "K1", "contractor_orgnr": X, "person_id": PEOPLE[i]})
            for i in range(2)
        ],
    ),
    Case(
        "UNREPORTED_CONTRACT",
        [
            (
                UTS,
                {
                    "contract_id": "K7",
                    "contractor_orgnr": X,
                    "person_id": PEOPLE[0],
                    "a1_country": "PL",
                },
            )
        ],
        [
            (OPP, {"contract_id": "K7", "client_orgnr": Y, "contractor_orgnr": X}),
            (
                UTS,
                {
                    "contract_id": "K7",
                    "contractor_orgnr": X,
                    "person_id": PEOPLE[0],
                    "a1_country": "PL",
                },
            ),
        ],
    ),
    Case(
        "UNREPORTED_CONTRACT",
        # Workers met at the client's site name a contractor that has no contract with it.
        [
            (TIL, {"inspection_id": "I1", "date": "2025-09-10", "orgnr": X}),
            *[
                (TILP, {"inspection_id": "I1", "person_id": PEOPLE[i], "stated_employer_orgnr": Y})
                for i in range(2)
            ],
            (UTS, {"contract_id": "K7", "contractor_orgnr": Y, "person_id": PEOPLE[5]}),
        ],
        # The contract was reported, but its row was quarantined at ingest (an unreadable
        # value): unreadable is not unreported, for the client nor for the postings under it.
        [
            (TIL, {"inspection_id": "I1", "date": "2025-09-10", "orgnr": X}),
            *[
                (TILP, {"inspection_id": "I1", "person_id": PEOPLE[i], "stated_employer_orgnr": Y})
                for i in range(2)
            ],
            (UTS, {"contract_id": "K7", "contractor_orgnr": Y, "person_id": PEOPLE[5]}),
            quarantined_contract("K7", client=X, contractor=Y),
        ],
    ),
    Case(
        "UNREPORTED_CONTRACT",
        [(UTS, {"contract_id": "K7", "contractor_orgnr": X, "person_id": PEOPLE[0]})],
        [
            (UTS, {"contract_id": "K7", "contractor_orgnr": X, "person_id": PEOPLE[0]}),
            quarantined_contract("K7", client=Y, contractor=X),
        ],
    ),
    Case(
        "BENEFITS_WHILE_WORKING",
        [job(X, PEOPLE[i], m, paid_hours=150) for i in range(2) for m in months(3, 4)]
        + [
            (
                YT,
                {
                    "person_id": PEOPLE[i],
                    "benefit": "DAGPENGER",
                    "from_date": "2025-01-01",
                    "to_date": "2025-06-30",
                    "declared_work_hours": 0,
                },
            )
            for i in range(2)
        ],
        [job(X, PEOPLE[i], "2025-03", paid_hours=150) for i in range(2)]
        + [
            (
                YT,
                {
                    "person_id": PEOPLE[0],
                    "benefit": "DAGPENGER",
                    "from_date": "2025-01-01",
                    "to_date": "2025-06-30",
                    "declared_work_hours": 150,
                },
            )
        ]
        + [
            (
                YT,
                {
                    "person_id": PEOPLE[1],
                    "benefit": "DAGPENGER",
                    "from_date": "2025-05-01",
                    "to_date": "2025-06-30",
                    "declared_work_hours": 0,
                },
            )
        ]
        # The lawful change from a job to benefits: the claim starts in the job's last month.
        + [job(X, PEOPLE[i], m) for i in (2, 3) for m in months(1, 5)]
        # Two claimants working on the side among eight staff: their own cases, not the firm's.
        + [job(X, PEOPLE[i], m, paid_hours=150) for i in (10, 11) for m in months(3, 4)]
        + [
            (
                YT,
                {
                    "person_id": PEOPLE[i],
                    "benefit": "DAGPENGER",
                    "from_date": "2025-03-01",
                    "to_date": "2025-04-30",
                    "declared_work_hours": 0,
                },
            )
            for i in (10, 11)
        ]
        # Honest part-timers: each two-week card declares the hours the employer reports.
        + [job(X, PEOPLE[i], m, paid_hours=65) for i in (6, 7) for m in months(3, 4)]
        + [
            (
                YT,
                {
                    "person_id": PEOPLE[i],
                    "benefit": "DAGPENGER",
                    "from_date": f"2025-{start}",
                    "to_date": f"2025-{end}",
                    "declared_work_hours": 30,
                },
            )
            for i in (6, 7)
            for start, end in (
                ("02-24", "03-09"),
                ("03-10", "03-23"),
                ("03-24", "04-06"),
                ("04-07", "04-20"),
                ("04-21", "05-04"),
            )
        ]
        + [
            (
                YT,
                {
                    "person_id": PEOPLE[i],
                    "benefit": "DAGPENGER",
                    "from_date": "2025-05-15",
                    "to_date": "2025-08-31",
                    "declared_work_hours": 0,
                },
            )
            for i in (2, 3)
        ],
    ),
    Case(
        "BENEFITS_WHILE_WORKING",
        # A firm whose staff are mostly claimants working while declaring no hours.
        [job(X, PEOPLE[i], m, paid_hours=150) for i in range(3) for m in months(3, 4)]
        + [job(X, PEOPLE[9], m) for m in months(3, 4)]
        + [claim_declaring_no_work(PEOPLE[i]) for i in range(3)],
        # Two such claimants among five staff: under half, the welfare administration's own
        # cases rather than a firm run around the claims.
        [job(X, PEOPLE[i], m, paid_hours=150) for i in range(5) for m in months(3, 4)]
        + [claim_declaring_no_work(PEOPLE[i]) for i in range(2)],
    ),
    Case(
        "BENEFIT_AFTER_SHORT_EMPLOYMENT",
        [job(X, PEOPLE[i], m) for i in range(2) for m in months(1, 2)]
        + [
            (YT, {"person_id": PEOPLE[i], "benefit": "SYKEPENGER", "from_date": "2025-03-01"})
            for i in range(2)
        ],
        [job(X, PEOPLE[i], m) for i in range(2) for m in months(1, 12, 2024) + months(1, 2)]
        + [
            (YT, {"person_id": PEOPLE[i], "benefit": "SYKEPENGER", "from_date": "2025-03-01"})
            for i in range(2)
        ],
    ),
    Case(
        "BENEFIT_AFTER_SHORT_EMPLOYMENT",
        [firm(X, nace="43.390")]
        + [job(X, PEOPLE[i], m) for i in range(2) for m in months(1, 2)]
        + [job(X, PEOPLE[i], m) for i in range(2, 5) for m in months(1, 12)]
        + [
            (YT, {"person_id": PEOPLE[i], "benefit": "SYKEPENGER", "from_date": "2025-03-01"})
            for i in range(2)
        ],
        # A hospital outside VAT: two short hires on sick leave among its twelve staff.
        [firm(X, nace="86.101", vat_registered=False)]
        + [job(X, PEOPLE[i], m) for i in range(2) for m in months(1, 2)]
        + [job(X, PEOPLE[i], m) for i in range(2, 12) for m in months(1, 12)]
        + [
            (YT, {"person_id": PEOPLE[i], "benefit": "SYKEPENGER", "from_date": "2025-03-01"})
            for i in range(2)
        ],
    ),
    Case(
        "BENEFIT_AFTER_SHORT_EMPLOYMENT",
        # Three months of work from the last day of one month to the first day of another are
        # reported in five months: still a short job before the claim.
        _jobs_then_sick_pay("2024-12-31", "2025-04-01", "2025-04-03"),
        # Five months of work, from the first to the last day, are not short.
        _jobs_then_sick_pay("2024-12-01", "2025-04-30", "2025-05-03"),
    ),
    Case(
        "BENEFIT_AFTER_SHORT_EMPLOYMENT",
        # A firm without sales: two people employed for two months, then on unemployment benefit.
        [firm(X, registered_date="2024-12-01"), (MVA, {"orgnr": X, "turnover_nok": 0})]
        + [job(X, PEOPLE[i], m, gross_pay_nok=80000) for i in range(2) for m in months(1, 2)]
        + [
            (YT, {"person_id": PEOPLE[i], "benefit": "DAGPENGER", "from_date": "2025-03-05"})
            for i in range(2)
        ],
        # A consultancy that sells its work lets two project hires go, who claim benefit; and
        # a municipality's short hires do the same.
        [firm(X, nace="70.220"), (MVA, {"orgnr": X, "turnover_nok": 3000000})]
        + [firm(Y, form="KOMM", nace="84.110", vat_registered=False)]
        + [
            job(e, PEOPLE[i + k], m)
            for k, e in ((0, X), (2, Y))
            for i in range(2)
            for m in months(1, 2)
        ]
        + [
            (YT, {"person_id": PEOPLE[i], "benefit": "DAGPENGER", "from_date": "2025-03-05"})
            for i in range(4)
        ],
    ),
    Case(
        "HIGH_TURNOVER_PER_EMPLOYEE",
        # One reported cleaner, sales of six cleaners.
        [firm(X, nace="81.210"), job(X, PEOPLE[0]), (MVA, {"orgnr": X, "turnover_nok": 3000000})]
        + [firm(f"9500000{i:02d}", nace="81.210") for i in range(5)]
        + [job(f"9500000{i:02d}", PEOPLE[10 + i]) for i in range(5)]
        + [(MVA, {"orgnr": f"9500000{i:02d}", "turnover_nok": 500000}) for i in range(5)],
        # Somewhat more productive than its peers; and a wholesaler (goods, not labour).
        [firm(X, nace="81.210"), job(X, PEOPLE[0]), (MVA, {"orgnr": X, "turnover_nok": 1000000})]
        + [firm(Y, nace="46.900"), job(Y, PEOPLE[1]), (MVA, {"orgnr": Y, "turnover_nok": 9e6})]
        + [firm(f"9500000{i:02d}", nace=n) for i in range(5) for n in ("81.210",)]
        + [firm(f"9600000{i:02d}", nace="46.900") for i in range(5)]
        + [job(f"9{d}00000{i:02d}", PEOPLE[10 + i]) for i in range(5) for d in (5, 6)]
        + [
            (MVA, {"orgnr": f"9{d}00000{i:02d}", "turnover_nok": 500000})
            for i in range(5)
            for d in (5, 6)
        ],
    ),
    Case(
        "FOREIGN_FIRM_WORKERS_UNREPORTED",
        [firm(X, form="NUF", nace="78.200")]
        + [
            (HMS, {"card_no": f"C{i}", "person_id": PEOPLE[i], "employer_orgnr": X})
            for i in range(3)
        ],
        # A foreign firm whose client reports the contract and who posts its carded workers,
        # and a Norwegian firm with cards (its own indicator looks at that).
        [firm(X, form="NUF", nace="78.200"), firm(Y, nace="78.200")]
        + [
            (HMS, {"card_no": f"C{i}{e}", "person_id": PEOPLE[i], "employer_orgnr": e})
            for i in range(3)
            for e in (X, Y)
        ]
        + [
            (OPP, {"contract_id": "K1", "client_orgnr": Z, "contractor_orgnr": X}),
            (UTS, {"contract_id": "K1", "contractor_orgnr": X, "person_id": PEOPLE[0]}),
        ],
    ),
    Case(
        "MONEY_BACK_TO_CLIENT_MANAGER",
        # Y pays X's invoices; X sends money on to the man who runs Y.
        [
            role(Y, PEOPLE[0]),
            role(X, PEOPLE[1]),
            transfer(Y, -400000, counterparty_orgnr=X),
            *[transfer(X, -50000, counterparty_person_id=PEOPLE[0]) for _ in range(2)],
        ],
        # X pays its own manager, and once a person who runs a client (a single purchase);
        # the client's former manager, who resigned, is paid by X as a consultant.
        [
            role(Y, PEOPLE[0]),
            role(X, PEOPLE[1]),
            role(Y, PEOPLE[2], resigned=True),
            transfer(Y, -400000, counterparty_orgnr=X),
            transfer(X, -50000, counterparty_person_id=PEOPLE[0]),
            *[
                transfer(X, -50000, counterparty_person_id=p)
                for p in (PEOPLE[1], PEOPLE[1], PEOPLE[2], PEOPLE[2])
            ],
        ],
    ),
    Case(
        "KICKBACKS_IN_CASH",
        # Three workers take out cash on payday; the owner pays cash in two days later.
        [
            role(X, PEOPLE[9]),
            *[
                pay(PEOPLE[i], "SALARY", 30000, "2025-09-20", counterparty_orgnr=X)
                for i in range(3)
            ],
            *[pay(PEOPLE[i], "CASH_WITHDRAWAL", -10000, "2025-09-21") for i in range(3)],
            pay(PEOPLE[9], "CASH_DEPOSIT", 30000, "2025-09-22"),
        ],
        # The same workers' cash, but the owner deposits nothing around payday (only weeks
        # later, from the sale of a car).
        [
            role(X, PEOPLE[9]),
            *[
                pay(PEOPLE[i], "SALARY", 30000, "2025-09-20", counterparty_orgnr=X)
                for i in range(3)
            ],
            *[pay(PEOPLE[i], "CASH_WITHDRAWAL", -10000, "2025-09-21") for i in range(3)],
            pay(PEOPLE[9], "CASH_DEPOSIT", 30000, "2025-10-12"),
        ],
    ),
    Case(
        "HMS_CARD_MISUSE",
        [
            (HMS, {"card_no": "C1", "person_id": PEOPLE[0], "employer_orgnr": X}),
            (TIL, {"inspection_id": "I1", "date": "2025-09-10", "orgnr": X}),
            (
                TILP,
                {
                    "inspection_id": "I1",
                    "person_id": PEOPLE[1],
                    "hms_card_no": "C1",
                    "stated_employer_orgnr": X,
                },
            ),
        ],
        [
            (
                HMS,
                {
                    "card_no": "C1",
                    "person_id": PEOPLE[0],
                    "employer_orgnr": X,
                    "blocked_date": "2025-12-01",
                },
            ),
            (TIL, {"inspection_id": "I1", "date": "2025-09-10", "orgnr": X}),
            (
                TILP,
                {
                    "inspection_id": "I1",
                    "person_id": PEOPLE[0],
                    "hms_card_no": "C1",
                    "stated_employer_orgnr": X,
                },
            ),
        ],
    ),
    Case(
        "WORKERS_AT_EMPLOYER_ADDRESS",
        [firm(X, business_address="Fabrikkveien 2", business_postcode="8300")]
        + [firm(Y, business_address="Fabrikkveien 2", business_postcode="8300")]
        + [job(X, PEOPLE[i]) for i in range(3)]
        + [
            (FOLK, {"person_id": PEOPLE[i], "address": "Fabrikkveien  2", "postcode": "8300"})
            for i in range(3)
        ],
        [firm(X, business_address="Fabrikkveien 2", business_postcode="8300")]
        + [job(X, PEOPLE[i]) for i in range(3)]
        + [(FOLK, {"person_id": PEOPLE[0], "address": "Fabrikkveien 2", "postcode": "8300"})]
        + [
            (FOLK, {"person_id": PEOPLE[i], "address": f"Boligvei {i}", "postcode": "8300"})
            for i in (1, 2)
        ],
    ),
    Case(
        "WORKERS_AT_EMPLOYER_ADDRESS",
        [
            firm(o, nace="01.130", business_address="Gardsvegen 5", business_postcode="2850")
            for o in (X, Y)
        ]
        + [job(X, PEOPLE[i]) for i in range(3)]
        + [
            (FOLK, {"person_id": PEOPLE[i], "address": "Gardsvegen 5", "postcode": "2850"})
            for i in range(3)
        ],
        # A farm housing its seasonal staff on its own premises, the only firm there.
        [firm(X, nace="01.130", business_address="Gardsvegen 5", business_postcode="2850")]
        + [job(X, PEOPLE[i]) for i in range(3)]
        + [
            (FOLK, {"person_id": PEOPLE[i], "address": "Gardsvegen 5", "postcode": "2850"})
            for i in range(3)
        ],
    ),
    Case(
        "WORKERS_AT_CROWDED_ADDRESS",
        [firm(o, business_address="Brakka 1", business_postcode="0150") for o in (X, Y)]
        + [job(X, PEOPLE[i]) for i in range(4)]
        + [
            (FOLK, {"person_id": PEOPLE[i], "address": "Brakka 1", "postcode": "0150"})
            for i in range(9)
        ],
        # Staff quarters on the employer's own premises, where no other firm is registered.
        [firm(X, business_address="Brakka 1", business_postcode="0150")]
        + [job(X, PEOPLE[i]) for i in range(4)]
        + [
            (FOLK, {"person_id": PEOPLE[i], "address": "Brakka 1", "postcode": "0150"})
            for i in range(9)
        ],
    ),
    Case(
        "WORKERS_AT_CROWDED_ADDRESS",
        [job(X, PEOPLE[i]) for i in range(4)]
        + [
            (FOLK, {"person_id": PEOPLE[i], "address": "Brakka 1", "postcode": "0150"})
            for i in range(9)
        ],
        [job(f"9400000{i:02d}", PEOPLE[i]) for i in range(9)]
        + [job(X, PEOPLE[9])]
        + [
            (FOLK, {"person_id": PEOPLE[i], "address": "Blokka 1", "postcode": "0150"})
            for i in range(10)
        ],
    ),
    Case(
        "LOW_TURNOVER_PER_EMPLOYEE",
        [firm(X, nace="45.201")]
        + [job(X, PEOPLE[i]) for i in range(3)]
        + [(MVA, {"orgnr": X, "turnover_nok": 10000})]
        + [firm(f"9500000{i:02d}", nace="45.201") for i in range(5)]
        + [job(f"9500000{i:02d}", PEOPLE[10 + i]) for i in range(5)]
        + [(MVA, {"orgnr": f"9500000{i:02d}", "turnover_nok": 500000}) for i in range(5)],
        [firm(X, nace="45.201")]
        + [job(X, PEOPLE[i]) for i in range(3)]
        + [(MVA, {"orgnr": X, "turnover_nok": 1200000})]
        + [firm(f"9500000{i:02d}", nace="45.201") for i in range(5)]
        + [job(f"9500000{i:02d}", PEOPLE[10 + i]) for i in range(5)]
        + [(MVA, {"orgnr": f"9500000{i:02d}", "turnover_nok": 500000}) for i in range(5)],
    ),
    Case(
        "YOUNG_SUBCONTRACTOR",
        [
            firm(X, registered_date="2025-02-01"),
            (
                OPP,
                {
                    "contract_id": "K2",
                    "parent_contract_id": "K1",
                    "client_orgnr": Y,
                    "contractor_orgnr": X,
                    "start_date": "2025-04-01",
                },
            ),
        ],
        [
            firm(X, registered_date="2019-02-01"),
            (
                OPP,
                {
                    "contract_id": "K2",
                    "parent_contract_id": "K1",
                    "client_orgnr": Y,
                    "contractor_orgnr": X,
                    "start_date": "2025-04-01",
                },
            ),
        ],
    ),
    Case(
        "SUBCONTRACTOR_WITHOUT_STAFF",
        [(OPP, {"contract_id": "K2", "client_orgnr": Y, "contractor_orgnr": X, "value_nok": 1e6})],
        [
            (
                OPP,
                {"contract_id": "K2", "client_orgnr": Y, "contractor_orgnr": X, "value_nok": 1e6},
            ),
            job(X, PEOPLE[0]),
        ],
    ),
    Case(
        "PAST_INSPECTION_FINDINGS",
        [
            (
                TIL,
                {
                    "inspection_id": "I1",
                    "orgnr": X,
                    "findings": "SAFETY;UNDERPAID",
                    "reaction": "ORDER",
                },
            )
        ],
        [(TIL, {"inspection_id": "I1", "orgnr": X, "findings": "SAFETY", "reaction": "ORDER"})],
    ),
    Case(
        "POLICE_REPORT",
        [
            role(X, PEOPLE[0]),
            (
                POL,
                {
                    "report_id": "P1",
                    "offence": "SKATT",
                    "subject_kind": "person",
                    "subject_person_id": PEOPLE[0],
                    "status": "open",
                },
            ),
        ],
        [
            role(X, PEOPLE[0]),
            (
                POL,
                {
                    "report_id": "P1",
                    "offence": "SKATT",
                    "subject_kind": "person",
                    "subject_person_id": PEOPLE[0],
                    "status": "dropped",
                },
            ),
        ],
    ),
    Case(
        "TIPS_RECEIVED",
        [(TIPS, {"tip_id": "T1", "mentioned_orgnr": X, "source_kind": "worker"})],
        [(TIPS, {"tip_id": "T1", "mentioned_orgnr": Y, "source_kind": "worker"})],
    ),
    Case(
        "ROADSIDE_FINDINGS",
        [(UTE, {"check_id": "V1", "stated_employer_orgnr": X, "findings": "TECHNICAL;CABOTAGE"})],
        [(UTE, {"check_id": "V1", "stated_employer_orgnr": X, "findings": "TECHNICAL"})],
    ),
    Case(
        "DRIVER_WITHOUT_LICENCE",
        [
            firm(X, nace="49.410"),
            (KJ, {"reg_no": "AB1", "owner_orgnr": X, "vehicle_class": "truck"}),
        ]
        + [job(X, PEOPLE[i], occupation_code="8332101") for i in range(2)]
        + [(FK, {"person_id": PEOPLE[i], "licence_class": "B"}) for i in range(2)],
        [
            firm(X, nace="49.410"),
            (KJ, {"reg_no": "AB1", "owner_orgnr": X, "vehicle_class": "truck"}),
        ]
        + [job(X, PEOPLE[i], occupation_code="8332101") for i in range(2)]
        + [
            (FK, {"person_id": PEOPLE[i], "licence_class": "CE", "code95_valid_to": "2027-01-01"})
            for i in range(2)
        ],
    ),
    Case(
        "MISSING_APPROVAL",
        [firm(X, nace="81.210"), job(X, PEOPLE[0])],
        [
            firm(X, nace="81.210"),
            job(X, PEOPLE[0]),
            (GOD, {"scheme": "RENHOLD", "orgnr": X, "status": "approved"}),
        ],
    ),
]
