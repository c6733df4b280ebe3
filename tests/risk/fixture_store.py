"""Hand-made stores in the store contract's schema (facts tables + current views) for tests of
indicators, graphs and scores: rows are given as dicts, unknown columns stay NULL."""

from __future__ import annotations

from collections.abc import Iterable

from akrim.domain.registers import BY_PATH
from akrim.engines.duckdb_backend import DuckDBBackend
from akrim.engines.ingest.schema_sql import schema_statements_sql
from akrim.engines.network.keyed_views_sql import keyed_view_statements_sql
from akrim.engines.risk.indicators_sql import COMPANY_INDICATOR_SQL

Row = tuple[str, dict[str, object]]
QUARANTINE = "meta.quarantine"  # a row path for records quarantined at ingest


class FixtureStore:
    def __init__(self, rows: Iterable[Row] = (), database: str = ":memory:") -> None:
        self.backend = DuckDBBackend(database)
        for statement in schema_statements_sql():
            self.backend.execute(statement)
        self._counter = 0
        for path, values in rows:
            self.add(path, **values)

    def add(self, path: str, **values: object) -> None:
        if path == QUARANTINE:
            names = ", ".join(f'"{n}"' for n in values)
            marks = ", ".join("?" for _ in values)
            self.backend.execute(
                f"INSERT INTO meta.quarantine ({names}) VALUES ({marks})", list(values.values())
            )
            return
        register = BY_PATH[path]
        self._counter += 1
        values.setdefault("record_id", f"r{self._counter}")
        names = [*values, "_source_file", "_delivery_id", "_line"]
        params = [*values.values(), path, "fixture", self._counter]
        columns = ", ".join(f'"{n}"' for n in names)
        marks = ", ".join("?" for _ in names)
        self.backend.execute(
            f"INSERT INTO facts.{register.table} ({columns}) VALUES ({marks})", params
        )

    def fired(self, code: str) -> set[str]:
        """Companies the indicator fires on."""
        for statement in keyed_view_statements_sql():
            self.backend.execute(statement)
        sql = COMPANY_INDICATOR_SQL[code]()
        return {str(r[0]) for r in self.backend.rows(f"SELECT DISTINCT company_id FROM ({sql})")}

    def evidence(self, code: str) -> set[tuple[str, str, str]]:
        for statement in keyed_view_statements_sql():
            self.backend.execute(statement)
        sql = COMPANY_INDICATOR_SQL[code]()
        rows = self.backend.rows(f"SELECT company_id, source_file, record_id FROM ({sql})")
        return {(str(a), str(b), str(c)) for a, b, c in rows}
