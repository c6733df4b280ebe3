"""A hand-made store for resolution tests: ``current.*`` tables with the contract's columns."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence

from akrim.domain.identifiers import make_person_id, random_orgnr
from akrim.domain.registers import BY_PATH, ColumnType
from akrim.engines.backend import Backend

Rows = Mapping[str, Sequence[Mapping[str, object]]]  # source file -> records


def _sql_type(kind: ColumnType) -> str:
    return "DATE" if kind is ColumnType.DATE else "VARCHAR"


def load_current(backend: Backend, rows: Rows) -> None:
    """Create (or replace) ``current.<table>`` for each file and insert its records."""
    backend.execute("CREATE SCHEMA IF NOT EXISTS current")
    for path, records in rows.items():
        spec = BY_PATH[path]
        columns = list(spec.columns)
        ddl = ", ".join(f"{c.name} {_sql_type(c.type)}" for c in columns)
        backend.execute(f"CREATE OR REPLACE TABLE current.{spec.table} ({ddl})")
        for record in records:
            unknown = set(record) - {c.name for c in columns}
            assert not unknown, f"{path}: no such columns {unknown}"
            values = [record.get(c.name) for c in columns]
            marks = ", ".join("?" for _ in columns)
            backend.execute(f"INSERT INTO current.{spec.table} VALUES ({marks})", values)


RNG = random.Random(7)


def pid(birth: str, sex: str = "M", *, dnumber: bool = False) -> str:
    return make_person_id(RNG, dt.date.fromisoformat(birth), sex, dnumber=dnumber)


def orgnr() -> str:
    return random_orgnr(RNG)
