"""The store's schema as SQL: versioned fact tables, current-version views, and meta tables."""

from __future__ import annotations

from collections.abc import Iterable

from akrim.domain.registers import REGISTER_FILES, ColumnType, RegisterFile

from .rules_sql import quote_ident

SQL_TYPE: dict[ColumnType, str] = {
    ColumnType.DATE: "DATE",
    ColumnType.AMOUNT: "DECIMAL(18,2)",
    ColumnType.NUMBER: "DOUBLE",
    ColumnType.BOOL: "BOOLEAN",
}

PROVENANCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("_delivery_id", "VARCHAR"),
    ("_source_file", "VARCHAR"),
    ("_line", "BIGINT"),
    ("_row_hash", "UBIGINT"),
    ("_valid_from", "TIMESTAMP"),
    ("_valid_to", "TIMESTAMP"),
    ("_extra", "VARCHAR"),
)

QUARANTINE_COLUMNS = (
    'delivery_id VARCHAR, source_file VARCHAR, record_id VARCHAR, line BIGINT, "column" VARCHAR, '
    "rule VARCHAR, value VARCHAR, fields VARCHAR"
)
CODE_WARNING_COLUMNS = (
    'delivery_id VARCHAR, source_file VARCHAR, "column" VARCHAR, value VARCHAR, "rows" BIGINT'
)

META_TABLES_SQL = (
    """CREATE TABLE IF NOT EXISTS meta.deliveries (
        delivery_id VARCHAR, created TIMESTAMP, synthetic BOOLEAN, loaded_at TIMESTAMP,
        source_dir VARCHAR, files_loaded INTEGER, files_rejected INTEGER,
        files_absent INTEGER)""",
    """CREATE TABLE IF NOT EXISTS meta.delivery_files (
        delivery_id VARCHAR, path VARCHAR, agency VARCHAR, register VARCHAR,
        extract_date DATE, period_from DATE, period_to DATE, classification VARCHAR,
        legal_basis VARCHAR, sha256 VARCHAR, "rows" BIGINT, status VARCHAR, reason VARCHAR)""",
    f"CREATE TABLE IF NOT EXISTS meta.quarantine ({QUARANTINE_COLUMNS})",
    """CREATE TABLE IF NOT EXISTS meta.reconciliation (
        delivery_id VARCHAR, source_file VARCHAR, "read" BIGINT, loaded BIGINT,
        superseded BIGINT, quarantined BIGINT, duplicates BIGINT, code_warnings BIGINT,
        status VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS meta.row_hash (canary UBIGINT)""",
    f"CREATE TABLE IF NOT EXISTS meta.code_warnings ({CODE_WARNING_COLUMNS})",
)


# columns added to meta tables after stores were first made: older stores gain them empty
META_COLUMNS_ADDED_SQL = ("ALTER TABLE meta.quarantine ADD COLUMN IF NOT EXISTS fields VARCHAR",)


def column_sql_type(type_: ColumnType) -> str:
    return SQL_TYPE.get(type_, "VARCHAR")


def fact_columns(register: RegisterFile) -> list[tuple[str, str]]:
    """(name, SQL type) of a fact table: contract columns, person-number forms, provenance."""
    columns = [(c.name, column_sql_type(c.type)) for c in register.columns]
    columns += [
        (f"{c.name}_form", "VARCHAR") for c in register.columns if c.type is ColumnType.PERSON_ID
    ]
    return columns + list(PROVENANCE_COLUMNS)


# record ids are distinct in every row: dictionary compression finds nothing to share and
# its analysis was the dearest part of writing them; ZSTD writes them about three times
# faster and into fewer blocks
COLUMN_COMPRESSION = {"record_id": "zstd"}
# the same holds for any text column whose values are nearly all distinct (one row per
# person: the population register's person numbers): a table created for a file's rows
# looks at its first values (:func:`text_shares_sql`) and writes such columns with ZSTD.
# The same look decides which identifier columns the rules judge row by row (loader.py).
DISTINCT_SAMPLE = 50_000
MOSTLY_DISTINCT = 0.5


def _column_definition_sql(name: str, sql_type: str, compression: dict[str, str]) -> str:
    chosen = compression.get(name)
    using = f" USING COMPRESSION {chosen}" if chosen else ""
    return f"{quote_ident(name)} {sql_type}{using}"


def create_fact_table_sql(
    register: RegisterFile, name: str | None = None, distinct: Iterable[str] = ()
) -> str:
    """The fact table of ``register`` (or a table of the same shape named ``name``), the
    ``distinct`` text columns written with ZSTD."""
    compression = {**COLUMN_COMPRESSION, **dict.fromkeys(distinct, "zstd")}
    body = ", ".join(_column_definition_sql(n, t, compression) for n, t in fact_columns(register))
    return f"CREATE TABLE IF NOT EXISTS facts.{quote_ident(name or register.table)} ({body})"


def stored_text_columns(register: RegisterFile) -> list[str]:
    """The staged columns stored as text: contract columns kept as VARCHAR, and the extras."""
    return [n for n, t in fact_columns(register) if t == "VARCHAR" and n in _staged(register)]


def _staged(register: RegisterFile) -> set[str]:
    return {*register.column_names, "_extra"}


def text_shares_sql(stage: str, names: list[str], sample: int = DISTINCT_SAMPLE) -> str:
    """One row: for each column, the share of distinct values among its values in the first
    ``sample`` staged rows (NULL when it holds none)."""
    shares = ", ".join(
        f"count(DISTINCT {quote_ident(n)}) / nullif(count({quote_ident(n)}), 0)" for n in names
    )
    listed = ", ".join(quote_ident(n) for n in names)
    return f"SELECT {shares} FROM (SELECT {listed} FROM {stage} LIMIT {sample})"


def mostly_distinct(names: list[str], shares: Iterable[object]) -> list[str]:
    """The columns whose share of distinct values is over :data:`MOSTLY_DISTINCT`."""
    return [
        n
        for n, share in zip(names, shares, strict=True)
        if share is not None and float(str(share)) > MOSTLY_DISTINCT
    ]


def create_current_view_sql(register: RegisterFile) -> str:
    table = quote_ident(register.table)
    return (
        f"CREATE OR REPLACE VIEW current.{table} AS "
        f"SELECT * FROM facts.{table} WHERE _valid_to IS NULL"
    )


def schema_statements_sql() -> list[str]:
    """Every statement that brings an empty database to the store's schema (idempotent)."""
    statements = [f"CREATE SCHEMA IF NOT EXISTS {s}" for s in ("facts", "current", "meta")]
    statements += list(META_TABLES_SQL)
    statements += list(META_COLUMNS_ADDED_SQL)
    for register in REGISTER_FILES:
        statements += [create_fact_table_sql(register), create_current_view_sql(register)]
    return statements
