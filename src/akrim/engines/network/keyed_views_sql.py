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


def _month(column: str) -> str:
    return f"CAST({column} || '-01' AS DATE)"


def _view(name: str, body: str) -> str:
    return f"CREATE OR REPLACE VIEW network.{name} AS {body}"


def role_holders_view_sql() -> str:
    # Public role data carries no person number: fall back on birth date and name, the
    # identity the register itself uses, until resolution supplies entity ids.
    key = (
        "coalesce(nullif(trim(person_id), ''), CASE WHEN birth_date IS NOT NULL THEN "
        "'NB:' || CAST(birth_date AS VARCHAR) || ':' || lower(concat_ws(' ', first_name, "
        "middle_name, last_name)) END)"
    )
    return _view(
        "role_holders",
        f"SELECT _source_file AS source_file, record_id, orgnr, role, {key} AS person_key, "
        "holder_orgnr, coalesce(resigned, false) AS resigned FROM current.brreg__roller",
    )


def employments_view_sql() -> str:
    return _view(
        "employments",
        "SELECT _source_file AS source_file, record_id, employer_orgnr AS employer, "
        f"workplace_orgnr AS workplace, {person_key_sql()} AS person_key, "
        f"{_month('period')} AS month, occupation_code, employment_type, position_pct, "
        "full_time_hours_week, paid_hours, CAST(gross_pay_nok AS DOUBLE) AS gross_pay, "
        "start_date, end_date FROM current.skatteetaten__a_melding",
    )


def persons_seen_view_sql() -> str:
    inspections = (
        "SELECT p._source_file AS source_file, p.record_id, "
        f"{person_key_sql('p.')} AS person_key, p.stated_employer_orgnr AS company, "
        "t.date AS seen_date, p.hms_card_no, t.orgnr AS inspected_orgnr "
        "FROM current.arbeidstilsynet__tilsyn_personer p "
        "LEFT JOIN current.arbeidstilsynet__tilsyn t ON t.inspection_id = p.inspection_id"
    )
    roadside = (
        "SELECT _source_file, record_id, "
        f"{person_key_sql('driver_')}, stated_employer_orgnr, date, "
        "CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR) FROM current.vegvesen__utekontroller"
    )
    return _view("persons_seen", f"{inspections} UNION ALL {roadside}")


def hms_cards_view_sql() -> str:
    return _view(
        "hms_cards",
        "SELECT _source_file AS source_file, record_id, card_no, "
        f"{person_key_sql()} AS person_key, employer_orgnr AS employer, issued_date, "
        "expiry_date, blocked_date FROM current.arbeidstilsynet__hms_kort",
    )


def contracts_view_sql() -> str:
    contractor = foreign_company_key_sql(
        "contractor_orgnr", "contractor_foreign_id", "contractor_country"
    )
    return _view(
        "contracts",
        "SELECT _source_file AS source_file, record_id, contract_id, parent_contract_id, "
        f"client_orgnr AS client, {contractor} AS contractor, start_date, end_date, "
        "CAST(value_nok AS DOUBLE) AS value_nok FROM current.skatteetaten__oppdrag",
    )


def posted_workers_view_sql() -> str:
    # The contractor's country is taken from its contract; the worker file names only the
    # contractor's registration number.
    contractor = foreign_company_key_sql("u.contractor_orgnr", "u.contractor_foreign_id", "c.cc")
    return _view(
        "posted_workers",
        "SELECT u._source_file AS source_file, u.record_id, u.contract_id, "
        f"{contractor} AS contractor, {person_key_sql('u.')} AS person_key, "
        "u.first_work_day, u.last_work_day, "
        "(nullif(trim(u.a1_country), '') IS NOT NULL) AS has_a1 "
        "FROM current.skatteetaten__utsendte u LEFT JOIN (SELECT contract_id, "
        "any_value(contractor_country) AS cc FROM current.skatteetaten__oppdrag GROUP BY 1) c "
        "ON c.contract_id = u.contract_id",
    )


def licences_view_sql() -> str:
    return _view(
        "licences",
        "SELECT _source_file AS source_file, record_id, "
        f"{person_key_sql()} AS person_key, licence_class, code95_valid_to "
        "FROM current.vegvesen__forerkort",
    )


def address_key_sql(address: str, postcode: str) -> str:
    return (
        f"CASE WHEN nullif(trim({address}), '') IS NOT NULL THEN "
        f"lower(regexp_replace(regexp_replace(trim({address}), '[\\[\\]\"]', '', 'g'), "
        f"'\\s+', ' ', 'g')) || '|' || "
        f"coalesce(trim({postcode}), '') END"
    )


def residences_view_sql() -> str:
    return _view(
        "residences",
        "SELECT _source_file AS source_file, record_id, person_id AS person_key, "
        f"{address_key_sql('address', 'postcode')} AS address_key "
        "FROM current.skatteetaten__folkeregister",
    )


def company_addresses_view_sql() -> str:
    return _view(
        "company_addresses",
        "SELECT _source_file AS source_file, record_id, orgnr, "
        f"{address_key_sql('business_address', 'business_postcode')} AS address_key "
        "FROM current.brreg__enheter",
    )


def keyed_view_statements_sql() -> list[str]:
    return [
        "CREATE SCHEMA IF NOT EXISTS network",
        role_holders_view_sql(),
        employments_view_sql(),
        persons_seen_view_sql(),
        hms_cards_view_sql(),
        contracts_view_sql(),
        posted_workers_view_sql(),
        licences_view_sql(),
        residences_view_sql(),
        company_addresses_view_sql(),
    ]
