"""The row rules in Python: which rule a delivered value breaks, by the column's contract type.

This is the reference the SQL rules in ``rules_sql`` must agree with (a property test checks
it); the loader itself validates set-wise in SQL for speed.
"""

from __future__ import annotations

import datetime as dt
import re

from akrim.domain.identifiers import orgnr_problem, parse_person_id
from akrim.domain.registers import Column, ColumnType

DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MONTH_RE = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
TERM_RE = re.compile(r"[0-9]{4}-T[1-6]")
YEAR_RE = re.compile(r"[0-9]{4}")
AMOUNT_RE = re.compile(r"-?[0-9]{1,16}(\.[0-9]{1,2})?")
NUMBER_RE = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,6})?")
COUNTRY_RE = re.compile(r"[A-Z]{2}")
BOOL_VALUES = frozenset({"true", "false"})

# The rule name each checked type reports in the quarantine.
RULE_OF_TYPE: dict[ColumnType, str] = {
    ColumnType.ORGNR: "orgnr",
    ColumnType.PERSON_ID: "person_id",
    ColumnType.DATE: "date",
    ColumnType.MONTH: "month",
    ColumnType.TERM: "term",
    ColumnType.YEAR: "year",
    ColumnType.AMOUNT: "amount",
    ColumnType.NUMBER: "number",
    ColumnType.BOOL: "bool",
}


def _date_ok(value: str) -> bool:
    if not DATE_RE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _type_ok(type_: ColumnType, value: str) -> bool:
    if type_ is ColumnType.ORGNR:
        return orgnr_problem(value) is None
    if type_ is ColumnType.PERSON_ID:
        return not isinstance(parse_person_id(value), str)
    if type_ is ColumnType.DATE:
        return _date_ok(value)
    patterns = {
        ColumnType.MONTH: MONTH_RE,
        ColumnType.TERM: TERM_RE,
        ColumnType.YEAR: YEAR_RE,
        ColumnType.AMOUNT: AMOUNT_RE,
        ColumnType.NUMBER: NUMBER_RE,
    }
    if type_ in patterns:
        return patterns[type_].fullmatch(value) is not None
    if type_ is ColumnType.BOOL:
        return value in BOOL_VALUES
    return True


def value_problem(column: Column, value: str | None) -> str | None:
    """The rule ``value`` breaks in ``column`` (a quarantine rule name), or None.

    Empty means unknown and is fine unless the column is required. Codes outside their list
    are not problems here: they are kept and reported as warnings.
    """
    if value is None or value == "":
        return "required" if column.required else None
    if _type_ok(column.type, value):
        return None
    return RULE_OF_TYPE[column.type]


def person_id_form(value: str | None) -> str | None:
    """FNR / DNR / HNR / FNR_SYNTHETIC / DNR_SYNTHETIC for a valid person number, else None."""
    if not value:
        return None
    parsed = parse_person_id(value)
    return None if isinstance(parsed, str) else parsed.form.value


def code_warning(column: Column, value: str | None) -> bool:
    """True when a code (or one code of a semicolon list) is outside the column's list."""
    if not value or not column.codes:
        return False
    if column.type is ColumnType.CODES:
        return any(part.strip() not in column.codes for part in value.split(";"))
    return value not in column.codes
