"""The audit, dpo and users verbs against a store's SQLite database, in fresh processes."""

from __future__ import annotations

import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from process_runner import run_akrim, run_python

READ_ON_A_CASE = """
from akrim.domain.access import FactScope
from akrim.domain.registers import Classification
from akrim.web.accounts.selectors import user_get
from akrim.web.cases.services import case_open
from akrim.web.sharing.gateway import ReadRequest, read_facts
user = user_get(username="alice")
case = case_open(user=user, title="t", subjects=["912345678"], purpose="detect")
scope = FactScope("skatteetaten", Classification.CONFIDENTIAL, "a-ordningen", "912345678")
note = "Needed to size the wage theft in this network."
out = read_facts(
    user=user,
    request=ReadRequest([scope], "detect", str(case.pk), "cli", "912345678", note),
    load=lambda scopes: len(scopes),
)
print(out.value)
"""


def test_audit_verify_says_where_the_log_was_tampered(tmp_path: Path) -> None:
    store = tmp_path / "store"
    created = run_akrim(store, "users", "create", "alice", "--agency", "nav", "--role", "analyst")
    assert created.returncode == 0, created.stderr
    assert run_python(store, READ_ON_A_CASE).strip() == "1"
    ok = run_akrim(store, "audit", "verify")
    assert ok.returncode == 0 and "intact: 4 entries" in ok.stdout, ok.stdout + ok.stderr
    checkpoint = tmp_path / "head.json"
    made = run_akrim(store, "audit", "checkpoint", "--out", str(checkpoint), "--by", "dpo")
    assert made.returncode == 0 and json.loads(checkpoint.read_text())["seq"] == 4
    assert run_akrim(store, "audit", "verify", "--checkpoint", str(checkpoint)).returncode == 0
    with sqlite3.connect(store / "app.sqlite3") as db:
        db.execute(
            "UPDATE audit_auditentry SET text = replace(text, 'detect', 'stop') WHERE seq = 3"
        )
    report = run_akrim(
        store,
        "dpo",
        "ledger",
        "--agency",
        "skatteetaten",
        "--from",
        "2000-01-01",
        "--to",
        "2100-01-01",
    )
    assert report.returncode == 0
    assert report.stdout.splitlines()[1].startswith("sent\tnav\tdetect\t1\ta-krim"), report.stdout
    tampered = run_akrim(store, "audit", "verify")
    assert tampered.returncode == 1
    assert "tampered at entry 3" in tampered.stdout


def test_users_create_rejects_bad_input_in_one_line(tmp_path: Path) -> None:
    bad = run_akrim(tmp_path, "users", "create", "bob", "--agency", "mars", "--role", "analyst")
    assert bad.returncode != 0
    assert "unknown agency 'mars'" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    bad_role = run_akrim(tmp_path, "users", "create", "bob", "--agency", "nav", "--role", "boss")
    assert bad_role.returncode == 2 and "boss" in bad_role.stderr


def test_dpo_purge_and_records(tmp_path: Path) -> None:
    purge = run_akrim(tmp_path, "dpo", "purge", "--dry-run")
    assert purge.returncode == 0 and "dry run" in purge.stdout
    records = run_akrim(tmp_path, "dpo", "records")
    assert records.returncode == 0 and "politi/anmeldelser.csv\tpolice\t1095" in records.stdout


def test_a_bad_checkpoint_file_is_a_usage_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text("{}")
    done = run_akrim(tmp_path, "audit", "verify", "--checkpoint", str(junk))
    assert done.returncode == 2 and "not a checkpoint file" in done.stderr


APPEND = """
from akrim.domain.audit_events import CaseClosed
from akrim.web.audit.services import audit_record
for i in range(10):
    audit_record(CaseClosed(actor="{who}", case_id=str(i)))
"""


def test_concurrent_writers_on_sqlite_keep_one_chain(tmp_path: Path) -> None:
    run_python(tmp_path, "")  # migrate once
    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda w: run_python(tmp_path, APPEND.format(who=w)), "abc"))
    done = run_akrim(tmp_path, "audit", "verify")
    assert done.returncode == 0 and "intact: 30 entries" in done.stdout, done.stdout
