"""Writing back a long transaction's blocks in the background changes nothing stored."""

from __future__ import annotations

import time
from pathlib import Path

from akrim.engines.duckdb_backend import DuckDBBackend


def test_write_back_during_a_transaction_keeps_every_row(tmp_path: Path) -> None:
    database = tmp_path / "store.duckdb"
    backend = DuckDBBackend(database)
    backend.begin()
    backend.execute("CREATE TABLE t AS SELECT range AS n FROM range(200000)")
    for start in range(5):
        backend.execute(f"INSERT INTO t SELECT range + {start} FROM range(100000)")
        backend.write_back()  # asked again while a flush may still run
    backend.commit()
    deadline = time.monotonic() + 30
    while backend._writing_back is not None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert backend._writing_back is None, "the flushing thread ends when nothing is asked"
    assert backend.scalar("SELECT count(*) FROM t") == 700_000
    backend.close()
    reopened = DuckDBBackend(database, read_only=True)
    assert reopened.scalar("SELECT count(*) FROM t") == 700_000
    reopened.close()


def test_write_back_of_a_database_in_memory_does_nothing() -> None:
    backend = DuckDBBackend()
    backend.write_back()
    assert backend._writing_back is None
    backend.close()
