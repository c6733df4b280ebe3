"""Retention in the analytical store: remove superseded fact versions past their period."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb

from akrim.domain.registers import REGISTER_FILES, RegisterFile


def superseded_before_sql(table: str, cutoff: datetime, *, count: bool) -> str:
    """Versions of facts replaced before ``cutoff`` (current versions are never touched)."""
    verb = "SELECT count(*) FROM" if count else "DELETE FROM"
    stamp = cutoff.strftime("%Y-%m-%d %H:%M:%S")
    return (
        f"{verb} facts.\"{table}\" WHERE _valid_to IS NOT NULL AND _valid_to < TIMESTAMP '{stamp}'"
    )


def purge_store(store: Path, cutoffs: dict[str, datetime], *, dry_run: bool) -> dict[str, int]:
    """Per register table, how many superseded versions were (or would be) removed."""
    path = store / "analytics.duckdb"
    if not path.exists():
        return {}
    removed: dict[str, int] = {}
    with duckdb.connect(str(path), read_only=dry_run) as con:
        present = {
            row[0]
            for row in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'facts'"
            ).fetchall()
        }
        for register_file in REGISTER_FILES:
            if register_file.table in present:
                removed[register_file.table] = _purge_table(con, register_file, cutoffs, dry_run)
    return {table: n for table, n in removed.items() if n}


def _purge_table(
    con: duckdb.DuckDBPyConnection,
    register_file: RegisterFile,
    cutoffs: dict[str, datetime],
    dry_run: bool,
) -> int:
    cutoff = cutoffs[str(register_file.classification)]
    row = con.execute(superseded_before_sql(register_file.table, cutoff, count=True)).fetchone()
    n = int(row[0]) if row else 0
    if n and not dry_run:
        con.execute(superseded_before_sql(register_file.table, cutoff, count=False))
    return n
