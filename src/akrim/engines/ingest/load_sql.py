"""SQL for validating a staged file and writing its rows as versioned facts."""

from __future__ import annotations

import datetime as dt

from akrim.domain.registers import ColumnType, RegisterFile

from .rules_sql import (
    any_problem_sql,
    code_warning_sql,
    prepared_sql,
    problems_sql,
    quote_ident,
    quote_literal,
)
from .schema_sql import fact_columns

NULL_MARK = "chr(30)"
# Where a staged row was: set by the reader (JSON), mapped (irregular CSV), or record n + 2.
LINE_DEFAULT = "coalesce(_line, _rn + 2)"
FIELD_SEPARATOR = "chr(31)"


def row_hash_sql(register: RegisterFile, alias: str = "") -> str:
    """md5 over the contract columns in contract order and the unknown extras."""
    prefix = f"{alias}." if alias else ""
    parts = [f"coalesce({prefix}{quote_ident(c)}, {NULL_MARK})" for c in register.column_names]
    parts.append(f"coalesce({prefix}_extra, {NULL_MARK})")
    return f"md5(concat_ws({FIELD_SEPARATOR}, {', '.join(parts)}))"


def bad_rows_sql(bad: str, stage: str, register: RegisterFile, line: str = LINE_DEFAULT) -> str:
    """One row per (record, broken rule): the file's bad rows in long form."""
    return (
        f"CREATE OR REPLACE TEMP TABLE {bad} AS "
        f"SELECT _rn, {line} AS line, record_id, "
        f'p."column" AS "column", p.rule AS rule, p.value AS value FROM '
        f"(SELECT _rn, _line, record_id, unnest({problems_sql(register.columns)}) AS p "
        f"FROM {prepared_sql(register.columns, stage)} WHERE {any_problem_sql(register.columns)})"
    )


def repeats_sql(
    repeats: str, stage: str, bad: str, register: RegisterFile, line: str = LINE_DEFAULT
) -> str:
    """Good rows whose record_id occurred earlier in the file, and whether they differ."""
    return f"""CREATE OR REPLACE TEMP TABLE {repeats} AS
WITH good AS (
    SELECT _rn, record_id, {line} AS line, {row_hash_sql(register)} AS h
    FROM {stage}
    WHERE record_id IN (SELECT record_id FROM {stage} GROUP BY record_id HAVING count(*) > 1)
      AND _rn NOT IN (SELECT _rn FROM {bad})),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY record_id ORDER BY _rn) AS k,
        first_value(h) OVER (PARTITION BY record_id ORDER BY _rn) AS first_h
    FROM good)
SELECT _rn, record_id, line, h = first_h AS same FROM ranked WHERE k > 1"""


def _typed_sql(name: str, type_: ColumnType) -> str:
    value = quote_ident(name)
    casts = {
        ColumnType.DATE: "DATE",
        ColumnType.AMOUNT: "DECIMAL(18,2)",
        ColumnType.NUMBER: "DOUBLE",
        ColumnType.BOOL: "BOOLEAN",
    }
    return f"CAST({value} AS {casts[type_]})" if type_ in casts else value


def _valid_form_sql(name: str) -> str:
    """The form of a person number already known to be valid (or NULL)."""
    value = quote_ident(name)
    day = f"CAST(substr({value}, 1, 2) AS INTEGER)"
    month = f"CAST(substr({value}, 3, 2) AS INTEGER)"
    return (
        f"CASE WHEN {value} IS NULL THEN NULL "
        f"WHEN {month} > 80 AND {day} > 40 THEN 'DNR_SYNTHETIC' "
        f"WHEN {month} > 80 THEN 'FNR_SYNTHETIC' WHEN {month} > 40 THEN 'HNR' "
        f"WHEN {day} > 40 THEN 'DNR' ELSE 'FNR' END"
    )


def _fact_values_sql(
    register: RegisterFile,
    delivery_id: str,
    source_file: str,
    valid_from: dt.datetime,
    line: str = LINE_DEFAULT,
) -> list[str]:
    values = [_typed_sql(c.name, c.type) for c in register.columns]
    values += [_valid_form_sql(c.name) for c in register.columns if c.type is ColumnType.PERSON_ID]
    stamp = quote_literal(valid_from.isoformat(sep=" "))
    values += [
        quote_literal(delivery_id),
        quote_literal(source_file),
        line,
        row_hash_sql(register),
        f"TIMESTAMP {stamp}",
        "NULL::TIMESTAMP",
        "_extra",
    ]
    return values


def _fact_table(register: RegisterFile) -> str:
    return f"facts.{quote_ident(register.table)}"


def insert_facts_sql(
    register: RegisterFile,
    stage: str,
    excluded: str,
    delivery_id: str,
    source_file: str,
    valid_from: dt.datetime,
    *,
    against_current: bool,
    line: str = LINE_DEFAULT,
) -> str:
    """Insert the good, first-in-file rows that the store does not already hold as current."""
    names = ", ".join(quote_ident(n) for n, _ in fact_columns(register))
    values = ", ".join(_fact_values_sql(register, delivery_id, source_file, valid_from, line))
    where = f"_rn NOT IN (SELECT _rn FROM {excluded})"
    if against_current:
        where += (
            f" AND NOT EXISTS (SELECT 1 FROM {_fact_table(register)} f "
            f"WHERE f._valid_to IS NULL AND f.record_id = s.record_id "
            f"AND f._row_hash = {row_hash_sql(register, 's')})"
        )
    return (
        f"INSERT INTO {_fact_table(register)} ({names}) "
        f"SELECT {values} FROM {stage} s WHERE {where}"
    )


def compare_current_sql(compared: str, stage: str, excluded: str, register: RegisterFile) -> str:
    """Each candidate row against the current stored version of its record_id (if any)."""
    return f"""CREATE OR REPLACE TEMP TABLE {compared} AS
SELECT s._rn, s.record_id, s.h, f._row_hash AS old_h FROM
    (SELECT _rn, record_id, {row_hash_sql(register)} AS h FROM {stage}
     WHERE _rn NOT IN (SELECT _rn FROM {excluded})) s
LEFT JOIN (SELECT record_id, _row_hash FROM {_fact_table(register)} WHERE _valid_to IS NULL) f
    ON f.record_id = s.record_id"""


def close_superseded_sql(register: RegisterFile, compared: str, valid_to: dt.datetime) -> str:
    stamp = quote_literal(valid_to.isoformat(sep=" "))
    return (
        f"UPDATE {_fact_table(register)} SET _valid_to = greatest(_valid_from, TIMESTAMP {stamp}) "
        f"WHERE _valid_to IS NULL AND record_id IN "
        f"(SELECT record_id FROM {compared} WHERE old_h IS NOT NULL AND old_h <> h)"
    )


def code_warnings_sql(stage: str, register: RegisterFile) -> str | None:
    """(column, value, rows) for every code outside its list; None when the file has no codes."""
    parts = []
    for column in register.columns:
        condition = code_warning_sql(column)
        if condition is None:
            continue
        name = quote_ident(column.name)
        parts.append(
            f"SELECT {quote_literal(column.name)} AS col, {name} AS value, count(*) AS n "
            f"FROM {stage} WHERE {condition} GROUP BY {name}"
        )
    return " UNION ALL ".join(parts) if parts else None


def shifted_line_sql(thresholds: list[int]) -> str:
    """Line of staged row ``_rn`` when one-line records before it were rejected by the reader.

    ``thresholds[k]`` is the number of accepted rows before the k-th rejected record: each
    rejected record at or before a row's position pushes it one line further down.
    """
    listed = ", ".join(str(t) for t in thresholds)
    return f"(_rn + 2 + len(list_filter([{listed}], lambda t: t <= _rn)))"
