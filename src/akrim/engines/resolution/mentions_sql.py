"""SQL that lists every person and company a current record mentions, from the contract's
Mention specs: one row per (source_file, record_id, role, kind).

A record names a person only when it carries something about one (an id, a name, a birth
date); a column shared by a person and a company mention (a police report's ``subject_name``,
a bank counterparty's name) goes to the company when the record gives an org number or the
name carries a legal form, else to the person.
"""

from __future__ import annotations

from collections.abc import Mapping

from akrim.domain.names import LEGAL_FORM_TOKENS
from akrim.domain.registers import Mention, RegisterFile
from akrim.engines.resolution.names_sql import normalise_name_sql

PERSON_ATTRIBUTES = (
    "person_id",
    "foreign_id",
    "foreign_id_type",
    "foreign_id_country",
    "first_name",
    "middle_name",
    "last_name",
    "full_name",
    "birth_date",
    "account",
)
IDENTIFYING = tuple(a for a in PERSON_ATTRIBUTES if a != "account")
COMPANY_ATTRIBUTES = ("orgnr", "foreign_id", "country", "name")

# Roles whose company is the person's employer (or the unit a role is held in): the
# employer context that helps tell two people of the same name apart.
EMPLOYER_ROLES = ("employer", "contractor", "stated_employer")
UNIT_ROLE_FILES = ("brreg/roller.jsonl",)

TableColumns = Mapping[str, frozenset[str]]  # current table name -> its column names


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _col(columns: frozenset[str], name: str | None, cast: str = "VARCHAR") -> str:
    if name is None or name not in columns:
        return f"CAST(NULL AS {cast})"
    return f"CAST(t.{name} AS {cast})"


def has_legal_form_sql(expr: str) -> str:
    """True when the name carries a legal form at either end (a company, not a person)."""
    forms = "|".join(" ".join(f) for f in LEGAL_FORM_TOKENS)
    norm = normalise_name_sql(expr)
    return f"regexp_matches({norm}, '^(?:{forms}) .+$|^.+ (?:{forms})$')"


def _company_sharing(file: RegisterFile, column: str | None) -> Mention | None:
    if column is None:
        return None
    for m in file.mentions:
        if m.kind == "company" and m.fields.get("name") == column:
            return m
    return None


def _person_sharing(file: RegisterFile, column: str | None) -> Mention | None:
    if column is None:
        return None
    for m in file.mentions:
        if m.kind == "person" and column in (m.fields.get("full_name"), m.fields.get("last_name")):
            return m
    return None


def _employer_context(file: RegisterFile, columns: frozenset[str]) -> str:
    for m in file.mentions:
        unit_role = file.path in UNIT_ROLE_FILES and m.role == "unit"
        if m.kind == "company" and (m.role in EMPLOYER_ROLES or unit_role):
            org = _col(columns, m.fields.get("orgnr"))
            fid = _col(columns, m.fields.get("foreign_id"))
            return f"coalesce({org}, {fid})"
    return "CAST(NULL AS VARCHAR)"


def _person_select(file: RegisterFile, mention: Mention, columns: frozenset[str]) -> str:
    f = mention.fields
    attrs = {a: _col(columns, f.get(a)) for a in PERSON_ATTRIBUTES}
    attrs["birth_date"] = _col(columns, f.get("birth_date"), "DATE")
    pid = f.get("person_id")
    form = _col(columns, f"{pid}_form" if pid else None)
    present = " OR ".join(f"{attrs[a]} IS NOT NULL" for a in IDENTIFYING)
    where = f"({present})"
    if "account" in f and "full_name" in f:
        # a name alone, with no account either, is a shop or a payee, not a known person
        others = " OR ".join(f"{attrs[a]} IS NOT NULL" for a in IDENTIFYING if a != "full_name")
        where += f" AND ({others} OR {attrs['account']} IS NOT NULL)"
    elif "account" in f:
        # an account whose holder is no company is held by a person, even when unnamed
        holder = next(
            (m for m in file.mentions if m.kind == "company" and m.role == mention.role), None
        )
        org = _col(columns, holder.fields.get("orgnr")) if holder else "NULL"
        where = f"({where} OR ({attrs['account']} IS NOT NULL AND {org} IS NULL))"
    company = _company_sharing(file, f.get("full_name"))
    if company is not None:
        shared = attrs["full_name"]
        org = _col(columns, company.fields.get("orgnr"))
        where += (
            f" AND NOT ({attrs['person_id']} IS NULL AND {attrs['birth_date']} IS NULL"
            f" AND ({org} IS NOT NULL OR coalesce({has_legal_form_sql(shared)}, false)))"
        )
    postcode = _col(columns, "postcode") if file.path == "skatteetaten/folkeregister.csv" else None
    return (
        f"SELECT {_q(file.path)} AS source_file, CAST(t.record_id AS VARCHAR) AS record_id, "
        f"{_q(mention.role)} AS role, "
        + ", ".join(f"{v} AS {a}" for a, v in attrs.items())
        + f", {form} AS person_id_form, {_employer_context(file, columns)} AS employer, "
        f"{postcode or 'CAST(NULL AS VARCHAR)'} AS postcode "
        f"FROM current.{file.table} AS t WHERE {where}"
    )


def _company_select(file: RegisterFile, mention: Mention, columns: frozenset[str]) -> str:
    f = mention.fields
    attrs = {a: _col(columns, f.get(a)) for a in COMPANY_ATTRIBUTES}
    where = f"({attrs['orgnr']} IS NOT NULL OR {attrs['foreign_id']} IS NOT NULL)"
    person = _person_sharing(file, f.get("name"))
    if person is None:
        where = where[:-1] + f" OR {attrs['name']} IS NOT NULL)"
    else:
        pid = _col(columns, person.fields.get("person_id"))
        bdate = _col(columns, person.fields.get("birth_date"), "DATE")
        name_only_company = (
            f"({attrs['name']} IS NOT NULL AND {pid} IS NULL AND {bdate} IS NULL"
            f" AND {has_legal_form_sql(attrs['name'])})"
        )
        where = where[:-1] + f" OR {name_only_company})"
    return (
        f"SELECT {_q(file.path)} AS source_file, CAST(t.record_id AS VARCHAR) AS record_id, "
        f"{_q(mention.role)} AS role, "
        + ", ".join(f"{v} AS {a}" for a, v in attrs.items())
        + f" FROM current.{file.table} AS t WHERE {where}"
    )


def person_mentions_sql(files: tuple[RegisterFile, ...], tables: TableColumns) -> str:
    """All person mentions of the files whose current table exists."""
    selects = [
        _person_select(f, m, tables[f.table])
        for f in files
        if f.table in tables
        for m in f.mentions
        if m.kind == "person"
    ]
    return "\nUNION ALL\n".join(selects) if selects else _empty_person_sql()


def company_mentions_sql(files: tuple[RegisterFile, ...], tables: TableColumns) -> str:
    """All company mentions of the files whose current table exists."""
    selects = [
        _company_select(f, m, tables[f.table])
        for f in files
        if f.table in tables
        for m in f.mentions
        if m.kind == "company"
    ]
    if not selects:
        cols = ", ".join(f"CAST(NULL AS VARCHAR) AS {c}" for c in COMPANY_ATTRIBUTES)
        return f"SELECT '' AS source_file, '' AS record_id, '' AS role, {cols} WHERE false"
    return "\nUNION ALL\n".join(selects)


def _empty_person_sql() -> str:
    cols = ", ".join(
        f"CAST(NULL AS {'DATE' if a == 'birth_date' else 'VARCHAR'}) AS {a}"
        for a in PERSON_ATTRIBUTES
    )
    return (
        f"SELECT '' AS source_file, '' AS record_id, '' AS role, {cols}, "
        "CAST(NULL AS VARCHAR) AS person_id_form, CAST(NULL AS VARCHAR) AS employer, "
        "CAST(NULL AS VARCHAR) AS postcode WHERE false"
    )


def current_tables_sql() -> str:
    """Columns of every table or view in schema ``current``."""
    return (
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'current' ORDER BY table_name, ordinal_position"
    )


def subunit_parents_sql(tables: TableColumns) -> str | None:
    """(sub-unit orgnr, parent orgnr) pairs, when sub-units have been ingested."""
    if "brreg__underenheter" not in tables:
        return None
    return (
        "SELECT DISTINCT CAST(orgnr AS VARCHAR) AS orgnr, CAST(parent_orgnr AS VARCHAR) AS parent "
        "FROM current.brreg__underenheter WHERE parent_orgnr IS NOT NULL"
    )
