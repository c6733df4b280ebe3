"""SQL for validating a staged file and writing its rows as versioned facts.

A fact version is valid from its file's extract date (the manifest's ``extract_date``); the
versions of one record_id are ordered by (extract date, delivery ``created``, delivery id), so
a delivery loaded late, behind a newer one, slots its versions into history instead of
becoming current. ``_row_hash`` is DuckDB's 64-bit ``hash()`` of the typed contract values and
the extras: it only tells whether a row differs from the neighbouring version of the same
record_id, and the store re-computes it whenever the function's output changes
(:data:`HASH_CANARY_SQL`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from akrim.domain.registers import ColumnType, RegisterFile

from . import rules_sql
from .rules_sql import code_warning_sql, quote_ident, quote_literal
from .schema_sql import fact_columns

# Where a staged row was: set by the reader (JSON), mapped (irregular CSV), or record n + 2.
LINE_DEFAULT = "coalesce(_line, _rn + 2)"
# hash() over one value of every stored type: when it changes (another DuckDB), stored row
# hashes no longer compare with new ones and are computed afresh
HASH_CANARY_SQL = (
    "SELECT hash('akrim'::VARCHAR, NULL::VARCHAR, DATE '2026-10-31', "
    "CAST('-12.50' AS DECIMAL(18,2)), CAST(1.5 AS DOUBLE), true, "
    "CAST('{\"k\": 1}' AS VARCHAR))"
)


@dataclass(frozen=True, slots=True)
class Version:
    """Where a file's rows sit in each record's history: valid from the extract date, ties
    between deliveries of one extract date broken by their ``created`` time, then id."""

    valid_from: dt.datetime
    created: dt.datetime
    delivery_id: str

    def key_sql(self) -> str:
        return (
            f"(TIMESTAMP {_stamp(self.valid_from)}, TIMESTAMP {_stamp(self.created)}, "
            f"{quote_literal(self.delivery_id)})"
        )


def _stamp(value: dt.datetime) -> str:
    return quote_literal(value.isoformat(sep=" "))


def staged_row_hash_sql(register: RegisterFile) -> str:
    """hash() of a staged row's values typed as they are stored, and its extras."""
    typed = [_typed_sql(c.name, c.type) for c in register.columns]
    return f"hash({', '.join(typed)}, _extra)"


def stored_row_hash_sql(register: RegisterFile) -> str:
    """The same hash over a stored fact row (equal to the staged one for the same values)."""
    return f"hash({', '.join(quote_ident(c) for c in register.column_names)}, _extra)"


def rehash_sql(register: RegisterFile) -> str:
    """Recompute every stored row hash (also turns an older store's md5 text into a hash)."""
    return (
        f"ALTER TABLE {_fact_table(register)} ALTER _row_hash SET DATA TYPE UBIGINT "
        f"USING {stored_row_hash_sql(register)}"
    )


def bad_rows_sql(
    bad: str,
    stage: str,
    register: RegisterFile,
    line: str = LINE_DEFAULT,
    per_row: frozenset[str] = frozenset(),
) -> str:
    """One row per (record, broken rule): the file's bad rows in long form."""
    return (
        f"CREATE OR REPLACE TEMP TABLE {bad} AS "
        f"{rules_sql.bad_rows_sql(register.columns, stage, line, per_row)}"
    )


MAX_FIELD_CHARS = 256  # per field kept with a quarantined row


def cut_text_sql(value: str, limit: int) -> str:
    """``value`` cut to its first ``limit`` characters, marked with its full length."""
    return (
        f"CASE WHEN length({value}) > {limit} THEN left({value}, {limit}) || '…[' || "
        f"length({value}) || ' characters]' ELSE {value} END"
    )


def quarantined_fields_sql(
    fields: str,
    stage: str,
    register: RegisterFile,
    wanted: str,
    rows: tuple[str, int] | None = None,
) -> str:
    """The raw contract fields of each staged row in ``wanted`` (a query of ``_rn``) as one
    JSON object, each field cut to :data:`MAX_FIELD_CHARS`: what a later stage needs to tell a
    record that was delivered but unreadable from one never delivered.

    ``rows`` is (the staged CSV's rows table, its first row id) when ``_rn`` is the row id
    less that: the rows are then fetched by row id, without reading every staged row."""
    pairs = ", ".join(
        f"{quote_literal(c.name)}, {cut_text_sql(quote_ident(c.name), MAX_FIELD_CHARS)}"
        for c in register.columns
    )
    json = f"CAST(json_object({pairs}) AS VARCHAR) AS fields"
    if rows is not None:
        table, first = rows
        return (
            f"CREATE OR REPLACE TEMP TABLE {fields} AS SELECT rowid - {first} AS _rn, {json} "
            f"FROM {table} WHERE rowid IN (SELECT _rn + {first} FROM ({wanted}))"
        )
    return (
        f"CREATE OR REPLACE TEMP TABLE {fields} AS SELECT _rn, {json} FROM {stage} "
        f"WHERE _rn IN ({wanted})"
    )


def repeats_sql(
    repeats: str, stage: str, bad: str, register: RegisterFile, line: str = LINE_DEFAULT
) -> str:
    """Good rows whose record_id occurred earlier in the file, and whether they differ."""
    return f"""CREATE OR REPLACE TEMP TABLE {repeats} AS
WITH good AS (
    SELECT _rn, record_id, {line} AS line, {staged_row_hash_sql(register)} AS h
    FROM {stage}
    WHERE record_id IN (SELECT record_id FROM {stage} GROUP BY record_id HAVING count(*) > 1)
      AND _rn NOT IN (SELECT _rn FROM {bad})),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY record_id ORDER BY _rn) AS k,
        first_value(h) OVER (PARTITION BY record_id ORDER BY _rn) AS first_h
    FROM good)
SELECT _rn, record_id, line, h = first_h AS same FROM ranked WHERE k > 1"""


def no_repeats_sql(repeats: str) -> str:
    """The empty repeats table of a file whose record_ids are all distinct."""
    return (
        f"CREATE OR REPLACE TEMP TABLE {repeats} "
        "(_rn BIGINT, record_id VARCHAR, line BIGINT, same BOOLEAN)"
    )


def record_id_hashes_sql(stage: str, excluded: str | None = None) -> str:
    """64-bit hashes of a staged file's record_ids (of its rows not in ``excluded``): sorted,
    equal neighbours tell repeated ids, far cheaper than comparing the text. A collision can
    only make ids look repeated, so it may send a file without repeats down the exact (dearer)
    path, never let a repeat through."""
    where = f" WHERE _rn NOT IN (SELECT _rn FROM {excluded})" if excluded else ""
    return f"SELECT hash(record_id) AS h FROM {stage}{where}"


def missing_ids_sql(stage: str) -> str:
    """How many staged rows lack a record_id."""
    return f"SELECT count(*) - count(record_id) FROM {stage}"


def _typed_sql(name: str, type_: ColumnType) -> str:
    value = quote_ident(name)
    casts = {
        ColumnType.DATE: "DATE",
        ColumnType.AMOUNT: "DECIMAL(18,2)",
        ColumnType.NUMBER: "DOUBLE",
        ColumnType.BOOL: "BOOLEAN",
    }
    return f"CAST({value} AS {casts[type_]})" if type_ in casts else value


def valid_form_sql(name: str) -> str:
    """The form of a person number already known to be valid (or NULL).

    In a valid number the day's first digit is 4 or more only for a D-number (41 to 71) and
    the month's first digit only for an H-number (4, 5: months 41 to 52) or a synthetic
    number (8, 9: 81 to 92), so the form is read off two characters, with no arithmetic."""
    value = quote_ident(name)
    month = f"substr({value}, 3, 1)"
    return (
        f"CASE WHEN {value} IS NULL THEN NULL WHEN {month} >= '8' THEN "
        f"CASE WHEN {value} >= '4' THEN 'DNR_SYNTHETIC' ELSE 'FNR_SYNTHETIC' END "
        f"WHEN {month} >= '4' THEN 'HNR' WHEN {value} >= '4' THEN 'DNR' ELSE 'FNR' END"
    )


def _typed_values_sql(register: RegisterFile, line: str) -> list[str]:
    """The inner projection: contract values cast once to their stored types, forms, line."""
    values = [f"{_typed_sql(c.name, c.type)} AS {quote_ident(c.name)}" for c in register.columns]
    values += [
        f"{valid_form_sql(c.name)} AS {quote_ident(c.name + '_form')}"
        for c in register.columns
        if c.type is ColumnType.PERSON_ID
    ]
    return [*values, f"{line} AS _l", "_extra", "_c_next_from"]


def _fact_values_sql(
    register: RegisterFile, delivery_id: str, source_file: str, version: Version
) -> list[str]:
    """The outer projection, in fact-table order; the row hash reads the typed values."""
    values = [quote_ident(c.name) for c in register.columns]
    values += [
        quote_ident(c.name + "_form") for c in register.columns if c.type is ColumnType.PERSON_ID
    ]
    values += [
        quote_literal(delivery_id),
        quote_literal(source_file),
        "_l",
        stored_row_hash_sql(register),
        f"TIMESTAMP {_stamp(version.valid_from)}",
        "_c_next_from",
        "_extra",
    ]
    return values


def _fact_table(register: RegisterFile) -> str:
    return f"facts.{quote_ident(register.table)}"


def insert_facts_sql(
    register: RegisterFile,
    stage: str,
    excluded: str,
    compared: str | None,
    source_file: str,
    version: Version,
    line: str = LINE_DEFAULT,
    table: str | None = None,
) -> str:
    """Insert the good, first-in-file rows: every row of a record the store lacks, and of the
    ``compared`` records those that differ from their predecessor, valid until the successor
    starts, or, when it holds the same values (and is deleted), until the successor ended.
    ``table``: another table of the fact table's shape to insert into.
    """
    names = ", ".join(quote_ident(n) for n, _ in fact_columns(register))
    values = _fact_values_sql(register, version.delivery_id, source_file, version)
    where = f"_rn NOT IN (SELECT _rn FROM {excluded})"
    if compared is None:
        source = f"(SELECT *, NULL::TIMESTAMP AS _c_next_from FROM {stage})"
    else:
        source = (
            f"{stage} s LEFT JOIN (SELECT _rn AS _c_rn, h AS _c_h, prev_h AS _c_prev_h, "
            f"CASE WHEN next_h = h THEN next_to ELSE next_from END AS _c_next_from "
            f"FROM {compared}) c ON c._c_rn = s._rn"
        )
        where += " AND (_c_rn IS NULL OR _c_prev_h IS DISTINCT FROM _c_h)"
    return (
        f"INSERT INTO {table or _fact_table(register)} ({names}) "
        f"SELECT {', '.join(values)} FROM (SELECT {', '.join(_typed_values_sql(register, line))} "
        f"FROM {source} WHERE {where})"
    )


def compare_versions_sql(
    compared: str, stage: str, excluded: str, register: RegisterFile, version: Version
) -> str:
    """For each candidate row whose record_id the store holds: the version just before this
    file's (``prev_h``, ``prev_delivery``) and the one just after (``next_h``, ``next_delivery``,
    ``next_from``, ``next_to``): only a store loaded out of extract order has the latter."""
    table = _fact_table(register)
    key = version.key_sql()
    return f"""CREATE OR REPLACE TEMP TABLE {compared} AS
WITH candidates AS (
    SELECT _rn, record_id, {staged_row_hash_sql(register)} AS h FROM {stage}
    WHERE _rn NOT IN (SELECT _rn FROM {excluded})
      AND record_id IN (SELECT record_id FROM {table})),
versions AS (
    SELECT f.record_id, f._row_hash, f._delivery_id, f._valid_from, f._valid_to,
        (f._valid_from, coalesce(d.created, TIMESTAMP '-infinity'), f._delivery_id) AS k
    FROM {table} f LEFT JOIN meta.deliveries d ON d.delivery_id = f._delivery_id
    WHERE f.record_id IN (SELECT record_id FROM candidates))
SELECT c._rn, c.record_id, c.h,
    arg_max(v._row_hash, v.k) FILTER (WHERE v.k <= {key}) AS prev_h,
    arg_max(v._delivery_id, v.k) FILTER (WHERE v.k <= {key}) AS prev_delivery,
    min(v._valid_from) FILTER (WHERE v.k > {key}) AS next_from,
    arg_min(v._row_hash, v.k) FILTER (WHERE v.k > {key}) AS next_h,
    arg_min(v._delivery_id, v.k) FILTER (WHERE v.k > {key}) AS next_delivery,
    arg_min(v._valid_to, v.k) FILTER (WHERE v.k > {key}) AS next_to
FROM candidates c JOIN versions v ON v.record_id = c.record_id
GROUP BY c._rn, c.record_id, c.h"""


def merge_successors_sql(register: RegisterFile, compared: str) -> str:
    """Delete each successor that holds the same values as this file's (older) version, which
    takes its place: a version starts at the earliest extract that shows its values, whatever
    order the deliveries were loaded in (the in-order load never stored the successor)."""
    return (
        f"DELETE FROM {_fact_table(register)} f USING {compared} c "
        f"WHERE f.record_id = c.record_id AND f._delivery_id = c.next_delivery "
        f"AND c.next_h = c.h AND c.prev_h IS DISTINCT FROM c.h"
    )


def close_superseded_sql(register: RegisterFile, compared: str, version: Version) -> str:
    """End each predecessor that this file's version of its record changes."""
    return (
        f"UPDATE {_fact_table(register)} f SET _valid_to = TIMESTAMP {_stamp(version.valid_from)} "
        f"FROM {compared} c WHERE f.record_id = c.record_id "
        f"AND f._delivery_id = c.prev_delivery AND c.prev_h <> c.h"
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

    ``thresholds[k]`` (ascending) is the number of accepted rows before the k-th rejected
    record: each rejected record at or before a row's position pushes it one line further
    down. How many thresholds a row has passed is found by a balanced tree of comparisons,
    a handful per row however many records were rejected.
    """
    return f"(_rn + 2 + {_passed_sql(sorted(thresholds), 0, len(thresholds))})"


def _passed_sql(thresholds: list[int], low: int, high: int) -> str:
    """How many thresholds ``_rn`` has reached, knowing it reached all before ``low`` and
    none from ``high`` on."""
    if low == high:
        return str(low)
    middle = (low + high) // 2
    return (
        f"CASE WHEN _rn >= {thresholds[middle]} THEN {_passed_sql(thresholds, middle + 1, high)} "
        f"ELSE {_passed_sql(thresholds, low, middle)} END"
    )
