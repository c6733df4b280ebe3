"""A hand-made store for resolution tests: ``current.*`` tables with the contract's columns."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence

from akrim.domain.identifiers import make_person_id, parse_person_id, random_orgnr
from akrim.domain.registers import BY_PATH, ColumnType
from akrim.engines.backend import Backend

Rows = Mapping[str, Sequence[Mapping[str, object]]]  # source file -> records


def _sql_type(kind: ColumnType) -> str:
    types = {ColumnType.DATE: "DATE", ColumnType.BOOL: "BOOLEAN", ColumnType.NUMBER: "DOUBLE",
             ColumnType.AMOUNT: "DECIMAL(18,2)"}  # fmt: skip
    return types.get(kind, "VARCHAR")


PROVENANCE = (
    "_delivery_id VARCHAR, _source_file VARCHAR, _line BIGINT, _row_hash VARCHAR, "
    "_valid_from TIMESTAMP, _valid_to TIMESTAMP, _extra VARCHAR"
)


def load_current(backend: Backend, rows: Rows) -> None:
    """Create (or replace) ``current.<table>`` for each file and insert its records, with the
    store contract's provenance columns and ``<col>_form`` beside person-number columns."""
    backend.execute("CREATE SCHEMA IF NOT EXISTS current")
    for path, records in rows.items():
        spec = BY_PATH[path]
        columns = list(spec.columns)
        forms = [c.name for c in columns if c.type is ColumnType.PERSON_ID]
        ddl = ", ".join(f"{c.name} {_sql_type(c.type)}" for c in columns)
        ddl += "".join(f", {f}_form VARCHAR" for f in forms) + ", " + PROVENANCE
        backend.execute(f"CREATE OR REPLACE TABLE current.{spec.table} ({ddl})")
        for line, record in enumerate(records, start=2):
            unknown = set(record) - {c.name for c in columns}
            assert not unknown, f"{path}: no such columns {unknown}"
            values = [record.get(c.name) for c in columns]
            values += [_form(record.get(f)) for f in forms]
            values += ["fixture", path, line, str(hash(str(record))), None, None, None]
            marks = ", ".join("?" for _ in values)
            backend.execute(f"INSERT INTO current.{spec.table} VALUES ({marks})", values)


def _form(person_id: object) -> str | None:
    if not person_id:
        return None
    parsed = parse_person_id(str(person_id))
    return None if isinstance(parsed, str) else parsed.form.value


RNG = random.Random(7)


def pid(birth: str, sex: str = "M", *, dnumber: bool = False) -> str:
    return make_person_id(RNG, dt.date.fromisoformat(birth), sex, dnumber=dnumber)


def orgnr() -> str:
    return random_orgnr(RNG)
