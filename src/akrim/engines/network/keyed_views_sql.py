"""Keyed views (schema ``network``): the current facts the graph and the indicators read, with
every person and company replaced by one key, so that later stages join on identity only.

Companies are keyed on their org number, foreign contractors as ``CC:registration``. Persons
are keyed as the platform's outputs name them: the person number, else
``foreign_id_country:foreign_id``. These views are the only place that reads identity-document
columns; indicators see keys, never the documents (see ``akrim.domain.indicators.protected``).
"""

from __future__ import annotations

CONTROL_ROLES = ("DAGL", "LEDE", "NEST", "MEDL", "INNH", "KONT")


def person_key_sql(prefix: str = "") -> str:
    p = prefix
    return (
        f"coalesce(nullif(trim({p}person_id), ''), "
        f"CASE WHEN nullif(trim({p}foreign_id), '') IS NOT NULL "
        f"THEN coalesce({p}foreign_id_country, '??') || ':' || trim({p}foreign_id) END)"
    )


def foreign_company_key_sql(orgnr: str, foreign_id: str, country: str | None) -> str:
    country_expr = f"coalesce({country}, '??')" if country else "'??'"
    return (
        f"coalesce(nullif(trim({orgnr}), ''), CASE WHEN nullif(trim({foreign_id}), '') "
        f"IS NOT NULL THEN {country_expr} || ':' || trim({foreign_id}) END)"
    )


def _resolved(key: str, alias: str, role: str, resolved: bool) -> tuple[str, str]:
    """(key expression, join clause): the resolved person entity when resolution has run,
    else the raw key."""
    if not resolved:
        return key, ""
    j = f"rid_{role}"
    join = (
        f" LEFT JOIN resolution.identities {j} ON {j}.source_file = {alias}._source_file "
        f"AND {j}.record_id = {alias}.record_id AND {j}.role = '{role}' "
        f"AND {j}.entity_kind = 'person'"
    )
    return f"coalesce({j}.entity_id, {key})", join


def _month(column: str) -> str:
    return f"CAST({column} || '-01' AS DATE)"


def _view(name: str, body: str) -> str:
    # Tables, not views: every indicator reads them, and resolution joins are not free.
    return f"CREATE OR REPLACE TABLE network.{name} AS {body}"


def role_holders_view_sql(resolved: bool = False) -> str:
    # Public role data carries no person number: fall back on birth date and name, the
    # identity the register itself uses, until resolution supplies entity ids.
    raw = (
        "coalesce(nullif(trim(t.person_id), ''), CASE WHEN t.birth_date IS NOT NULL THEN "
        "'NB:' || CAST(t.birth_date AS VARCHAR) || ':' || lower(concat_ws(' ', t.first_name, "
        "t.middle_name, t.last_name)) END)"
    )
    key, join = _resolved(raw, "t", "holder", resolved)
    return _view(
        "role_holders",
        f"SELECT t._source_file AS source_file, t.record_id, t.orgnr, t.role, "
        f"{key} AS person_key, nullif(trim(t.person_id), '') AS source_person_id, "
        "t.holder_orgnr, coalesce(t.resigned, false) AS resigned "
        f"FROM current.brreg__roller t{join}",
    )


def employments_view_sql(resolved: bool = False) -> str:
    key, join = _resolved(person_key_sql("t."), "t", "employee", resolved)
    return _view(
        "employments",
        "SELECT t._source_file AS source_file, t.record_id, t.employer_orgnr AS employer, "
        f"t.workplace_orgnr AS workplace, {key} AS person_key, "
        f"{_month('t.period')} AS month, t.occupation_code, t.employment_type, t.position_pct, "
        "t.full_time_hours_week, t.paid_hours, CAST(t.gross_pay_nok AS DOUBLE) AS gross_pay, "
        f"t.start_date, t.end_date FROM current.skatteetaten__a_melding t{join}",
    )


def persons_seen_view_sql(resolved: bool = False) -> str:
    key, join = _resolved(person_key_sql("p."), "p", "subject", resolved)
    inspections = (
        "SELECT p._source_file AS source_file, p.record_id, "
        f"{key} AS person_key, p.stated_employer_orgnr AS company, "
        "t.date AS seen_date, p.hms_card_no, t.orgnr AS inspected_orgnr "
        "FROM current.arbeidstilsynet__tilsyn_personer p "
        f"LEFT JOIN current.arbeidstilsynet__tilsyn t ON t.inspection_id = p.inspection_id{join}"
    )
    key, join = _resolved(person_key_sql("d.driver_"), "d", "driver", resolved)
    roadside = (
        f"SELECT d._source_file, d.record_id, {key}, d.stated_employer_orgnr, d.date, "
        "CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR) "
        f"FROM current.vegvesen__utekontroller d{join}"
    )
    return _view("persons_seen", f"{inspections} UNION ALL {roadside}")


def hms_cards_view_sql(resolved: bool = False) -> str:
    key, join = _resolved(person_key_sql("t."), "t", "holder", resolved)
    return _view(
        "hms_cards",
        "SELECT t._source_file AS source_file, t.record_id, t.card_no, "
        f"{key} AS person_key, t.employer_orgnr AS employer, t.issued_date, "
        f"t.expiry_date, t.blocked_date FROM current.arbeidstilsynet__hms_kort t{join}",
    )


def contracts_view_sql(resolved: bool = False) -> str:
    contractor = foreign_company_key_sql(
        "contractor_orgnr", "contractor_foreign_id", "contractor_country"
    )
    return _view(
        "contracts",
        "SELECT _source_file AS source_file, record_id, contract_id, parent_contract_id, "
        f"client_orgnr AS client, {contractor} AS contractor, start_date, end_date, "
        "CAST(value_nok AS DOUBLE) AS value_nok FROM current.skatteetaten__oppdrag",
    )


def posted_workers_view_sql(resolved: bool = False) -> str:
    # The contractor's country is taken from its contract; the worker file names only the
    # contractor's registration number.
    contractor = foreign_company_key_sql("u.contractor_orgnr", "u.contractor_foreign_id", "c.cc")
    key, join = _resolved(person_key_sql("u."), "u", "employee", resolved)
    return _view(
        "posted_workers",
        "SELECT u._source_file AS source_file, u.record_id, u.contract_id, "
        f"{contractor} AS contractor, {key} AS person_key, "
        "u.first_work_day, u.last_work_day, "
        "(nullif(trim(u.a1_country), '') IS NOT NULL) AS has_a1 "
        "FROM current.skatteetaten__utsendte u LEFT JOIN (SELECT contract_id, "
        "any_value(contractor_country) AS cc FROM current.skatteetaten__oppdrag GROUP BY 1) c "
        f"ON c.contract_id = u.contract_id{join}",
    )


def licences_view_sql(resolved: bool = False) -> str:
    key, join = _resolved(person_key_sql("t."), "t", "holder", resolved)
    return _view(
        "licences",
        f"SELECT t._source_file AS source_file, t.record_id, {key} AS person_key, "
        f"t.licence_class, t.code95_valid_to FROM current.vegvesen__forerkort t{join}",
    )


def benefits_view_sql(resolved: bool = False) -> str:
    key, join = _resolved("t.person_id", "t", "subject", resolved)
    return _view(
        "benefits",
        f"SELECT t._source_file AS source_file, t.record_id, {key} AS person_key, t.benefit, "
        "t.from_date, t.to_date, t.declared_work_hours FROM current.nav__ytelser t" + join,
    )


def police_reports_view_sql(resolved: bool = False) -> str:
    key, join = _resolved("t.subject_person_id", "t", "subject", resolved)
    return _view(
        "police_reports",
        f"SELECT t._source_file AS source_file, t.record_id, t.subject_orgnr, "
        f"CASE WHEN t.subject_orgnr IS NULL THEN {key} END AS person_key, t.offence, "
        f"t.status FROM current.politi__anmeldelser t{join}",
    )


def address_key_sql(address: str, postcode: str) -> str:
    return (
        f"CASE WHEN nullif(trim({address}), '') IS NOT NULL THEN "
        f"lower(regexp_replace(regexp_replace(trim({address}), '[\\[\\]\"]', '', 'g'), "
        f"'\\s+', ' ', 'g')) || '|' || "
        f"coalesce(trim({postcode}), '') END"
    )


def transactions_view_sql(resolved: bool = False) -> str:
    owner, join_o = _resolved("t.owner_person_id", "t", "owner", resolved)
    other, join_c = _resolved("t.counterparty_person_id", "t", "counterparty", resolved)
    return _view(
        "transactions",
        "SELECT t._source_file AS source_file, t.record_id, t.account_no, t.owner_orgnr, "
        f"CASE WHEN t.owner_orgnr IS NULL THEN {owner} END AS owner_person, t.date, "
        "CAST(t.amount_nok AS DOUBLE) AS amount, t.kind, t.counterparty_account, "
        "t.counterparty_orgnr, CASE WHEN t.counterparty_orgnr IS NULL THEN "
        f"{other} END AS counterparty_person FROM current.bank__transaksjoner t{join_o}{join_c}",
    )


def residences_view_sql(resolved: bool = False) -> str:
    key, join = _resolved("t.person_id", "t", "subject", resolved)
    return _view(
        "residences",
        f"SELECT t._source_file AS source_file, t.record_id, {key} AS person_key, "
        f"{address_key_sql('t.address', 't.postcode')} AS address_key "
        f"FROM current.skatteetaten__folkeregister t{join}",
    )


def company_addresses_view_sql(resolved: bool = False) -> str:
    return _view(
        "company_addresses",
        "SELECT _source_file AS source_file, record_id, orgnr, "
        f"{address_key_sql('business_address', 'business_postcode')} AS address_key "
        "FROM current.brreg__enheter",
    )


QUARANTINED_CONTRACT_COLUMNS = ("source_file", "record_id", "contract_id", "client", "contractor")


def quarantined_contracts_view_sql(with_fields: bool = True) -> str:
    """Contract rows that failed validation at ingest, from the raw fields ingest keeps in
    ``meta.quarantine.fields``: such a contract was reported but is unreadable, which is not the
    same as unreported. Stores ingested before ingest kept the fields get an empty table."""
    if not with_fields:
        empty = ", ".join(f"CAST(NULL AS VARCHAR) AS {c}" for c in QUARANTINED_CONTRACT_COLUMNS)
        return _view("quarantined_contracts", f"SELECT {empty} WHERE false")
    field = "nullif(trim(json_extract_string(q.fields, '$.{}')), '')".format
    contractor = foreign_company_key_sql(
        field("contractor_orgnr"), field("contractor_foreign_id"), field("contractor_country")
    )
    return _view(
        "quarantined_contracts",
        "SELECT DISTINCT q.source_file, q.record_id, "
        f"{field('contract_id')} AS contract_id, {field('client_orgnr')} AS client, "
        f"{contractor} AS contractor FROM meta.quarantine q "
        "WHERE starts_with(q.source_file, 'skatteetaten/oppdrag.csv') AND q.fields IS NOT NULL",
    )


def keyed_view_statements_sql(resolved: bool = False, quarantine_fields: bool = True) -> list[str]:
    """Statements that (re)build the keyed tables; ``resolved`` uses resolution's entities;
    ``quarantine_fields``: the store's ``meta.quarantine`` has the ``fields`` column."""
    builders = (
        role_holders_view_sql,
        employments_view_sql,
        persons_seen_view_sql,
        hms_cards_view_sql,
        contracts_view_sql,
        posted_workers_view_sql,
        licences_view_sql,
        benefits_view_sql,
        police_reports_view_sql,
        transactions_view_sql,
        residences_view_sql,
        company_addresses_view_sql,
    )
    return [
        "CREATE SCHEMA IF NOT EXISTS network",
        *(b(resolved) for b in builders),
        quarantined_contracts_view_sql(quarantine_fields),
    ]
