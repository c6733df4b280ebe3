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


def numeric_helper(name: str) -> str:
    """The helper column holding an identifier's digits as a number (NULL when not digits)."""
    return quote_ident(f"_n_{name}")


def numeric_helper_sql(column: Column) -> str | None:
    """``CASE WHEN <all digits> THEN CAST(v AS BIGINT) END AS "_n_v"`` for identifier columns.

    The identifier rules then work on integer arithmetic over one computed number, which is
    far cheaper than slicing the text digit by digit.
    """
    width = {ColumnType.ORGNR: 9, ColumnType.PERSON_ID: 11}.get(column.type)
    if width is None:
        return None
    value = quote_ident(column.name)
    return (
        f"CASE WHEN regexp_full_match({value}, '[0-9]{{{width}}}') "
        f"THEN CAST({value} AS BIGINT) END AS {numeric_helper(column.name)}"
    )


def _digit_sql(number: str, position: int, width: int) -> str:
    """Digit ``position`` (from 1, left) of a ``width``-digit number."""
    return f"(({number} // {10 ** (width - position)}) % 10)"


def _check_digit_sql(number: str, weights: tuple[int, ...], width: int) -> str:
    """The mod-11 check digit over the first len(weights) digits; 10 means impossible."""
    total = " + ".join(f"{w} * {_digit_sql(number, i + 1, width)}" for i, w in enumerate(weights))
    return f"((11 - ({total}) % 11) % 11)"


def orgnr_ok_sql(number: str) -> str:
    """Holds for the numeric helper of a valid organisation number (NULL helper: false)."""
    return (
        f"({number} IS NOT NULL AND {_check_digit_sql(number, ORGNR_WEIGHTS, 9)} = {number} % 10)"
    )


def _person_birth_ok_sql(number: str) -> str:
    day = f"({number} // 1000000000)"
    month = f"(({number} // 10000000) % 100)"
    yy = f"(({number} // 100000) % 100)"
    individual = f"(({number} // 100) % 1000)"
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
    # days in the month by arithmetic: building a date per row (make_date, last_day) costs
    # several times more, and person numbers are the dearest rule
    leap = f"(({year} % 4 = 0 AND {year} % 100 <> 0) OR {year} % 400 = 0)"
    days = (
        f"(CASE WHEN {real_month} = 2 THEN CASE WHEN {leap} THEN 29 ELSE 28 END "
        f"WHEN {real_month} IN (4, 6, 9, 11) THEN 30 ELSE 31 END)"
    )
    day_fits = (
        f"(CASE WHEN {year} IS NOT NULL AND {real_month} BETWEEN 1 AND 12 THEN {real_day} "
        f"BETWEEN 1 AND {days} ELSE false END)"
    )
    return f"(NOT {both_shifted} AND {day_fits})"


def person_id_ok_sql(number: str) -> str:
    """Holds for the numeric helper of a valid person number (NULL helper: false)."""
    return (
        f"({number} IS NOT NULL AND "
        f"{_check_digit_sql(number, K1_WEIGHTS, 11)} = ({number} // 10) % 10 AND "
        f"{_check_digit_sql(number, K2_WEIGHTS, 11)} = {number} % 10 AND "
        f"{_person_birth_ok_sql(number)})"
    )


def person_id_form_sql(number: str) -> str:
    """FNR / DNR / HNR / FNR_SYNTHETIC / DNR_SYNTHETIC for a valid number's helper, else NULL."""
    day, month = f"({number} // 1000000000)", f"(({number} // 10000000) % 100)"
    return (
        f"(CASE WHEN {person_id_ok_sql(number)} THEN CASE "
        f"WHEN {month} > 80 AND {day} > 40 THEN 'DNR_SYNTHETIC' "
        f"WHEN {month} > 80 THEN 'FNR_SYNTHETIC' WHEN {month} > 40 THEN 'HNR' "
        f"WHEN {day} > 40 THEN 'DNR' ELSE 'FNR' END END)"
    )


def date_ok_sql(value: str) -> str:
    """Holds for a real date written YYYY-MM-DD (year 0001 to 9999).

    The value is read as a date and written back: the database writes a date of those years
    in exactly ten characters, YYYY-MM-DD, and anything else (other years, ``infinity``)
    otherwise, so a value that comes back unchanged in ten characters has the form. This
    costs two thirds of matching the form with a regular expression and then reading it."""
    return (
        f"(strlen({value}) = 10 AND "
        f"coalesce(CAST(TRY_CAST({value} AS DATE) AS VARCHAR) = {value}, false))"
    )


_PATTERNS: dict[ColumnType, str] = {
    ColumnType.MONTH: "[0-9]{4}-(0[1-9]|1[0-2])",
    ColumnType.TERM: "[0-9]{4}-T[1-6]",
    ColumnType.YEAR: "[0-9]{4}",
    ColumnType.AMOUNT: r"-?[0-9]{1,16}(\.[0-9]{1,2})?",
    ColumnType.NUMBER: r"-?[0-9]{1,15}(\.[0-9]{1,6})?",
}


def type_ok_sql(type_: ColumnType, name: str) -> str | None:
    """A SQL boolean that holds when column ``name``'s non-NULL value fits the type.

    None when the type is not checked. Identifier types read the numeric helper column.
    """
    value = quote_ident(name)
    if type_ is ColumnType.ORGNR:
        return orgnr_ok_sql(numeric_helper(name))
    if type_ is ColumnType.PERSON_ID:
        return person_id_ok_sql(numeric_helper(name))
    if type_ is ColumnType.DATE:
        return date_ok_sql(value)
    if type_ in _PATTERNS:
        return f"regexp_full_match({value}, {quote_literal(_PATTERNS[type_])})"
    if type_ is ColumnType.BOOL:
        return f"({value} IN ('true', 'false'))"
    return None


def _bad_conditions(columns: tuple[Column, ...]) -> list[tuple[Column, str, str]]:
    """(column, rule, SQL condition that the row breaks the rule) for every checked column."""
    found: list[tuple[Column, str, str]] = []
    for column in columns:
        value = quote_ident(column.name)
        if column.required:
            found.append((column, "required", f"{value} IS NULL"))
        ok = type_ok_sql(column.type, column.name)
        if ok is not None:
            found.append((column, RULE_OF_TYPE[column.type], f"({value} IS NOT NULL AND NOT {ok})"))
    return found


def bad_rows_sql(
    columns: tuple[Column, ...],
    source: str,
    line: str,
    per_row: frozenset[str] = frozenset(),
) -> str:
    """One row per (record, broken rule) of ``source``: ``_rn, line, record_id, column, rule,
    value``, where ``line`` is a SQL expression over the source's ``_rn`` and ``_line``.

    One filtered scan per rule, united: each scan reads only its own column, and a selective
    filter on one column is far cheaper than one OR over every rule of every row. Identifier
    rules (the dearest arithmetic) judge each distinct value once, then pick the rows holding
    a bad one: the same people and firms recur month after month. Identifier columns named in
    ``per_row`` are judged row by row instead: where nearly every value is distinct (one row
    per person), finding the distinct values costs more than it saves. Both give the same rows.
    """
    parts = []
    for column, rule, condition in _bad_conditions(columns):
        value = "NULL::VARCHAR" if rule == "required" else quote_ident(column.name)
        helper = numeric_helper_sql(column)
        where = condition
        if helper is not None and rule != "required" and column.name in per_row:
            source_of_rule = f"(SELECT *, {helper} FROM {source})"
            parts.append(
                f'SELECT _rn, {line} AS line, record_id, {quote_literal(column.name)} AS "column", '
                f"{quote_literal(rule)} AS rule, {value} AS value FROM {source_of_rule} "
                f"WHERE {condition}"
            )
            continue
        if helper is not None and rule != "required":
            name = quote_ident(column.name)
            distinct = f"(SELECT DISTINCT {name} FROM {source} WHERE {name} IS NOT NULL)"
            judged = f"(SELECT *, {helper} FROM {distinct})"
            where = f"{name} IN (SELECT {name} FROM {judged} WHERE {condition})"
        parts.append(
            f'SELECT _rn, {line} AS line, record_id, {quote_literal(column.name)} AS "column", '
            f"{quote_literal(rule)} AS rule, {value} AS value FROM {source} WHERE {where}"
        )
    if not parts:
        return (
            f'SELECT _rn, {line} AS line, record_id, NULL::VARCHAR AS "column", '
            f"NULL::VARCHAR AS rule, NULL::VARCHAR AS value FROM {source} WHERE false"
        )
    return " UNION ALL ".join(parts)


def identifier_columns(columns: tuple[Column, ...]) -> list[Column]:
    """The columns whose rule is judged on a numeric helper (organisation, person numbers)."""
    return [c for c in columns if numeric_helper_sql(c) is not None]


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
