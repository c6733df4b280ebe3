"""The audit, dpo and users verbs, run in-process against the test database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from django.db import connection

from akrim.cli.main import cli
from akrim.domain.access import FactScope
from akrim.domain.registers import Classification
from akrim.web.accounts.selectors import user_get
from akrim.web.cases.services import case_open
from akrim.web.sharing.gateway import ReadRequest, read_facts

pytestmark = pytest.mark.django_db
NOTE = "Needed to size the wage theft in this network."


def akrim(tmp_path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--store", str(tmp_path), *args])


def a_read_on_a_case() -> None:
    user = user_get(username="alice")
    case = case_open(user=user, title="t", subjects=["912345678"], purpose="detect")
    scope = FactScope("skatteetaten", Classification.CONFIDENTIAL, "a-ordningen", "912345678")
    request = ReadRequest([scope], "detect", str(case.pk), "cli", "912345678", NOTE)
    assert read_facts(user=user, request=request, load=len).value == 1


def test_audit_verify_checkpoint_and_tampering(tmp_path: Path) -> None:
    created = akrim(tmp_path, "users", "create", "alice", "--agency", "nav", "--role", "analyst")
    assert created.exit_code == 0, created.output
    a_read_on_a_case()
    ok = akrim(tmp_path, "audit", "verify")
    assert ok.exit_code == 0 and "intact: 4 entries" in ok.output, ok.output
    head = tmp_path / "head.json"
    made = akrim(tmp_path, "audit", "checkpoint", "--out", str(head), "--by", "dpo")
    assert made.exit_code == 0 and json.loads(head.read_text())["seq"] == 4
    assert akrim(tmp_path, "audit", "verify", "--checkpoint", str(head)).exit_code == 0
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET text = replace(text, 'detect', 'stop') WHERE seq = 3"
        )
    tampered = akrim(tmp_path, "audit", "verify")
    assert tampered.exit_code == 1 and "tampered at entry 3" in tampered.output


def test_the_ledger_report(tmp_path: Path) -> None:
    akrim(tmp_path, "users", "create", "alice", "--agency", "nav", "--role", "analyst")
    a_read_on_a_case()
    period = ["--from", "2000-01-01", "--to", "2100-01-01"]
    sent = akrim(tmp_path, "dpo", "ledger", "--agency", "skatteetaten", *period)
    assert sent.output.splitlines()[1].startswith("sent\tnav\tdetect\t1\ta-krim"), sent.output
    received = akrim(tmp_path, "dpo", "ledger", "--agency", "nav", *period)
    assert received.output.splitlines()[1].startswith("received\tskatteetaten\tdetect\t1")
    empty = akrim(
        tmp_path, "dpo", "ledger", "--agency", "nav", "--from", "2001-01-01", "--to", "2002-01-01"
    )
    assert len(empty.output.splitlines()) == 1


def test_users_create_rejects_bad_input_in_one_line(tmp_path: Path) -> None:
    bad = akrim(tmp_path, "users", "create", "bob", "--agency", "mars", "--role", "analyst")
    assert bad.exit_code == 1
    assert "unknown agency 'mars'" in bad.output and len(bad.output.strip().splitlines()) == 1
    bad_role = akrim(tmp_path, "users", "create", "bob", "--agency", "nav", "--role", "boss")
    assert bad_role.exit_code == 2 and "boss" in bad_role.output
    akrim(tmp_path, "users", "create", "bob", "--agency", "nav", "--role", "analyst")
    again = akrim(tmp_path, "users", "create", "bob", "--agency", "nav", "--role", "analyst")
    assert again.exit_code == 1 and "already exists" in again.output
    listing = akrim(tmp_path, "users", "list")
    assert "bob\tnav\t\tanalyst" in listing.output


def test_dpo_purge_and_records(tmp_path: Path) -> None:
    purge = akrim(tmp_path, "dpo", "purge", "--dry-run")
    assert purge.exit_code == 0 and "dry run" in purge.output
    records = akrim(tmp_path, "dpo", "records")
    assert records.exit_code == 0 and "politi/anmeldelser.csv\tpolice\t1095" in records.output


def test_a_bad_checkpoint_file_is_a_usage_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text("{}")
    done = akrim(tmp_path, "audit", "verify", "--checkpoint", str(junk))
    assert done.exit_code == 2 and "not a checkpoint file" in done.output
