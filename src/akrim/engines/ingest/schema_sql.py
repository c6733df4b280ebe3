"""The store's schema as SQL: versioned fact tables, current-version views, and meta tables."""

from __future__ import annotations

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


def _column_definition_sql(name: str, sql_type: str) -> str:
    compression = COLUMN_COMPRESSION.get(name)
    using = f" USING COMPRESSION {compression}" if compression else ""
    return f"{quote_ident(name)} {sql_type}{using}"


def create_fact_table_sql(register: RegisterFile, name: str | None = None) -> str:
    """The fact table of ``register`` (or a table of the same shape named ``name``)."""
    body = ", ".join(_column_definition_sql(n, t) for n, t in fact_columns(register))
    return f"CREATE TABLE IF NOT EXISTS facts.{quote_ident(name or register.table)} ({body})"


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
