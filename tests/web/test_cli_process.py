"""End to end in fresh processes on a store's own SQLite database: several writers at once
keep one chain, and `akrim audit verify` exits 1 saying where the log was tampered."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from process_runner import run_akrim, run_python

APPEND = """
from akrim.domain.audit_events import CaseClosed
from akrim.web.audit.services import audit_record
for i in range(10):
    audit_record(CaseClosed(actor="{who}", case_id=str(i)))
"""


def test_concurrent_writers_then_tampering_on_sqlite(tmp_path: Path) -> None:
    created = run_akrim(
        tmp_path, "users", "create", "alice", "--agency", "nav", "--role", "analyst"
    )
    assert created.returncode == 0, created.stderr
    assert (tmp_path / "app.sqlite3").exists()
    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda w: run_python(tmp_path, APPEND.format(who=w)), "abc"))
    intact = run_akrim(tmp_path, "audit", "verify")
    assert intact.returncode == 0 and "intact: 31 entries" in intact.stdout, intact.stdout
    with sqlite3.connect(tmp_path / "app.sqlite3") as db:
        db.execute("DELETE FROM audit_auditentry WHERE seq = 12")
    tampered = run_akrim(tmp_path, "audit", "verify")
    assert tampered.returncode == 1
    assert "tampered at entry 12" in tampered.stdout


def test_an_unreachable_database_is_one_line(tmp_path: Path) -> None:
    env = {"AKRIM_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
    done = run_akrim(tmp_path, "audit", "verify", env=env)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: cannot open the operational database")
    assert len(done.stderr.strip().splitlines()) == 1
