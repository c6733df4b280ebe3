"""The row rules as SQL expressions over a VARCHAR column, so validation runs set-wise.

Each builder takes a SQL expression for the raw value (NULL when empty) and returns a SQL
boolean or string expression; ``rules`` holds the same rules in Python and a property test
checks that both agree.
"""

from __future__ import annotations

from akrim.domain.identifiers import K1_WEIGHTS, K2_WEIGHTS, ORGNR_WEIGHTS
from akrim.domain.registers import Column, ColumnType

from .rules import RULE_OF_TYPE


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _digit_sql(value: str, position: int) -> str:
    return f"(ascii(substr({value}, {position}, 1)) - 48)"


def _check_digit_sql(value: str, weights: tuple[int, ...]) -> str:
    """The mod-11 check digit over the first len(weights) digits; 10 means impossible."""
    total = " + ".join(f"{w} * {_digit_sql(value, i + 1)}" for i, w in enumerate(weights))
    return f"((11 - ({total}) % 11) % 11)"


def orgnr_ok_sql(value: str) -> str:
    return (
        f"(regexp_full_match({value}, '[0-9]{{9}}') AND "
        f"{_check_digit_sql(value, ORGNR_WEIGHTS)} = {_digit_sql(value, 9)})"
    )


def _two_digits_sql(value: str, position: int) -> str:
    return f"(10 * {_digit_sql(value, position)} + {_digit_sql(value, position + 1)})"


def _person_birth_ok_sql(value: str) -> str:
    day, month, yy = (_two_digits_sql(value, p) for p in (1, 3, 5))
    individual = (
        f"(100 * {_digit_sql(value, 7)} + 10 * {_digit_sql(value, 8)} + {_digit_sql(value, 9)})"
    )
    real_day = f"(CASE WHEN {day} > 40 THEN {day} - 40 ELSE {day} END)"
    real_month = (
        f"(CASE WHEN {month} > 80 THEN {month} - 80 WHEN {month} > 40 THEN {month} - 40 "
        f"ELSE {month} END)"
    )
    year = (
        f"(CASE WHEN {individual} <= 499 THEN 1900 + {yy} "
        f"WHEN {individual} <= 749 AND {yy} >= 54 THEN 1800 + {yy} "
        f"WHEN {individual} >= 900 AND {yy} >= 40 THEN 1900 + {yy} "
        f"WHEN {individual} >= 500 AND {yy} <= 39 THEN 2000 + {yy} END)"
    )
    both_shifted = f"({day} > 40 AND {month} > 40 AND {month} <= 80)"
    birth = f"TRY_CAST(printf('%04d-%02d-%02d', {year}, {real_month}, {real_day}) AS DATE)"
    return f"(NOT {both_shifted} AND {year} IS NOT NULL AND {birth} IS NOT NULL)"


def person_id_ok_sql(value: str) -> str:
    return (
        f"(regexp_full_match({value}, '[0-9]{{11}}') AND "
        f"{_check_digit_sql(value, K1_WEIGHTS)} = {_digit_sql(value, 10)} AND "
        f"{_check_digit_sql(value, K2_WEIGHTS)} = {_digit_sql(value, 11)} AND "
        f"{_person_birth_ok_sql(value)})"
    )


def person_id_form_sql(value: str) -> str:
    """FNR / DNR / HNR / FNR_SYNTHETIC / DNR_SYNTHETIC for a valid number, else NULL."""
    day, month = _two_digits_sql(value, 1), _two_digits_sql(value, 3)
    return (
        f"(CASE WHEN {value} IS NOT NULL AND {person_id_ok_sql(value)} THEN CASE "
        f"WHEN {month} > 80 AND {day} > 40 THEN 'DNR_SYNTHETIC' "
        f"WHEN {month} > 80 THEN 'FNR_SYNTHETIC' WHEN {month} > 40 THEN 'HNR' "
        f"WHEN {day} > 40 THEN 'DNR' ELSE 'FNR' END END)"
    )


def date_ok_sql(value: str) -> str:
    return (
        f"(regexp_full_match({value}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') AND "
        f"substr({value}, 1, 4) <> '0000' AND TRY_CAST({value} AS DATE) IS NOT NULL)"
    )


_PATTERNS: dict[ColumnType, str] = {
    ColumnType.MONTH: "[0-9]{4}-(0[1-9]|1[0-2])",
    ColumnType.TERM: "[0-9]{4}-T[1-6]",
    ColumnType.YEAR: "[0-9]{4}",
    ColumnType.AMOUNT: r"-?[0-9]{1,16}(\.[0-9]{1,2})?",
    ColumnType.NUMBER: r"-?[0-9]{1,15}(\.[0-9]{1,6})?",
}


def type_ok_sql(type_: ColumnType, value: str) -> str | None:
    """A SQL boolean that holds when a non-NULL value fits the type; None when unchecked."""
    if type_ is ColumnType.ORGNR:
        return orgnr_ok_sql(value)
    if type_ is ColumnType.PERSON_ID:
        return person_id_ok_sql(value)
    if type_ is ColumnType.DATE:
        return date_ok_sql(value)
    if type_ in _PATTERNS:
        return f"regexp_full_match({value}, {quote_literal(_PATTERNS[type_])})"
    if type_ is ColumnType.BOOL:
        return f"({value} IN ('true', 'false'))"
    return None


def problems_sql(columns: tuple[Column, ...]) -> str:
    """A SQL list of {column, rule, value} structs: every rule the row breaks (may be empty)."""
    items: list[str] = []
    for column in columns:
        value = quote_ident(column.name)
        name = quote_literal(column.name)
        if column.required:
            items.append(
                f"CASE WHEN {value} IS NULL THEN {{'column': {name}, 'rule': 'required', "
                f"'value': NULL::VARCHAR}} END"
            )
        ok = type_ok_sql(column.type, value)
        if ok is not None:
            rule = quote_literal(RULE_OF_TYPE[column.type])
            items.append(
                f"CASE WHEN {value} IS NOT NULL AND NOT {ok} THEN "
                f"{{'column': {name}, 'rule': {rule}, 'value': {value}}} END"
            )
    if not items:
        return '[]::STRUCT("column" VARCHAR, rule VARCHAR, value VARCHAR)[]'
    return f"list_filter([{', '.join(items)}], lambda p: p IS NOT NULL)"


def code_warning_sql(column: Column) -> str | None:
    """A SQL boolean: the value holds a code outside the column's list (kept, but reported)."""
    value = quote_ident(column.name)
    if column.type is ColumnType.COUNTRY:
        return f"({value} IS NOT NULL AND NOT regexp_full_match({value}, '[A-Z]{{2}}'))"
    if not column.codes:
        return None
    codes = ", ".join(quote_literal(c) for c in sorted(column.codes))
    if column.type is ColumnType.CODES:
        return (
            f"({value} IS NOT NULL AND len(list_filter(string_split({value}, ';'), "
            f"lambda x: trim(x) NOT IN ({codes}))) > 0)"
        )
    return f"({value} IS NOT NULL AND {value} NOT IN ({codes}))"
