"""The operational database on a real PostgreSQL server: migrations, users, a gateway read,
concurrent audit appends from several processes, a witnessed checkpoint, tampering found."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from postgres_server import postgres_bin, postgres_server
from process_runner import run_akrim, run_python

pytestmark = pytest.mark.skipif(
    postgres_bin() is None,
    reason="no PostgreSQL server binaries in /usr/lib/postgresql (apt-get install postgresql)",
)

APPEND = """
from akrim.domain.audit_events import CaseClosed
from akrim.web.audit.services import audit_record
for i in range(15):
    audit_record(CaseClosed(actor="{who}", case_id=str(i)))
"""

READ = """
from akrim.domain.access import FactScope
from akrim.domain.registers import Classification
from akrim.web.accounts.selectors import user_get
from akrim.web.cases.services import case_open
from akrim.web.sharing.gateway import ReadRequest, read_facts
from akrim.web.sharing.models import Disclosure
user = user_get(username="alice")
case = case_open(user=user, title="t", subjects=["912345678"], purpose="detect")
scope = FactScope("skatteetaten", Classification.CONFIDENTIAL, "a-ordningen", "912345678")
note = "Needed to size the wage theft in this network."
request = ReadRequest([scope], "detect", str(case.pk), "cli", "912345678", note)
out = read_facts(user=user, request=request, load=lambda s: len(s))
print(out.value, Disclosure.objects.count())
"""


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


def test_the_operational_database_on_postgresql(database_url: str, tmp_path: Path) -> None:
    env = {"AKRIM_DATABASE_URL": database_url}
    store = tmp_path / "store"
    created = run_akrim(
        store, "users", "create", "alice", "--agency", "nav", "--role", "analyst", env=env
    )
    assert created.returncode == 0, created.stderr
    assert not (store / "app.sqlite3").exists()  # the URL wins over the store's SQLite
    assert run_python(store, READ, env).split() == ["1", "1"]

    # Three processes append 15 events each at once: the locked head keeps one chain
    # (4 entries so far: user, case, note, read).
    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda w: run_python(store, APPEND.format(who=w), env), "abc"))
    verified = run_akrim(store, "audit", "verify", env=env)
    assert verified.returncode == 0 and "intact: 49 entries" in verified.stdout, verified.stdout

    checkpoint = tmp_path / "head.json"
    made = run_akrim(store, "audit", "checkpoint", "--out", str(checkpoint), env=env)
    assert made.returncode == 0 and json.loads(checkpoint.read_text())["seq"] == 49

    with psycopg.connect(database_url, autocommit=True) as con:
        con.execute("DELETE FROM audit_auditentry WHERE seq = 7")
    tampered = run_akrim(store, "audit", "verify", "--checkpoint", str(checkpoint), env=env)
    assert tampered.returncode == 1 and "tampered at entry 7" in tampered.stdout
