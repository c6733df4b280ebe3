"""`akrim export ...` goes through the read gateway: one audit event per export with its
purpose, registers, file and row count; ledger entries for other agencies' registers; a
refusal exits 2 in one line and writes nothing."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from akrim.cli.main import cli
from akrim.domain.registers import Classification
from akrim.pipelines.export_sources import EXPORTS, export_scopes
from akrim.web.accounts.models import User
from akrim.web.accounts.services import user_create
from akrim.web.audit.models import AuditEntry
from akrim.web.audit.selectors import audit_verify
from akrim.web.sharing import exports as sharing_exports
from akrim.web.sharing.models import Disclosure

pytestmark = pytest.mark.django_db


def akrim(store: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--store", str(store), *args])


def reads() -> list[dict]:
    return [json.loads(e.text) for e in AuditEntry.objects.filter(action="facts.read")]


def data_rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


@pytest.fixture
def host_account(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(sharing_exports, "host_user_name", lambda: "kari")
    monkeypatch.delenv("AKRIM_HOST_AGENCY", raising=False)
    return "kari@host"


@pytest.mark.parametrize("export", EXPORTS)
def test_every_export_is_one_audit_event_with_its_purpose(
    export: str, analysed_tiny_store: Path, tmp_path: Path, host_account: str
) -> None:
    out = tmp_path / f"{export}.csv"
    done = akrim(analysed_tiny_store, "export", export, "--out", str(out), "--purpose", "prevent")
    assert done.exit_code == 0, done.output
    [event] = reads()
    scopes = export_scopes(analysed_tiny_store, export)
    assert any(s.classification is not Classification.OPEN for s in scopes)
    assert event["purpose"] == "prevent" and event["channel"] == "cli"
    assert event["actor"] == host_account and event["agency"] == "host"
    assert event["shown"] == [f"{s.agency}/{s.register}" for s in scopes]
    assert event["withheld"] == []
    assert event["detail"] == {
        "export": export,
        "output": str(out.resolve()),
        "rows": data_rows(out),
        "host_user": "kari",
    }
    ledger = Disclosure.objects.filter(audit_seq=AuditEntry.objects.get(action="facts.read").seq)
    confidential = {
        (s.agency, s.register) for s in scopes if s.classification is not Classification.OPEN
    }
    assert {(d.from_agency, d.register) for d in ledger} == confidential
    assert {(d.to_agency, d.purpose) for d in ledger} == {("host", "prevent")}
    assert audit_verify().intact


def test_the_host_operator_is_a_store_operator_who_cannot_sign_in(
    analysed_tiny_store: Path, tmp_path: Path, host_account: str
) -> None:
    for export in ("priorities", "companies"):
        assert (
            akrim(analysed_tiny_store, "export", export, "--out", str(tmp_path / "x")).exit_code
            == 0
        )
    operator = User.objects.get(username=host_account)
    assert operator.roles == ["store_operator"] and not operator.has_usable_password()
    created = AuditEntry.objects.filter(action="user.changed", actor=host_account)
    assert created.count() == 1  # created once, reused after
    assert [e["purpose"] for e in reads()] == ["detect", "detect"]  # the default purpose


def test_the_host_agencys_own_registers_are_not_ledgered(
    analysed_tiny_store: Path, tmp_path: Path, host_account: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AKRIM_HOST_AGENCY", "skatteetaten")
    out = tmp_path / "p.csv"
    assert akrim(analysed_tiny_store, "export", "priorities", "--out", str(out)).exit_code == 0
    agencies = set(Disclosure.objects.values_list("from_agency", flat=True))
    assert "skatteetaten" not in agencies and "nav" in agencies
    assert set(Disclosure.objects.values_list("to_agency", flat=True)) == {"skatteetaten"}


def test_a_named_analyst_is_refused_in_one_line_and_nothing_is_written(
    analysed_tiny_store: Path, tmp_path: Path, host_account: str
) -> None:
    user_create(username="ana", agency="nav", roles=["analyst"])
    out = tmp_path / "p.csv"
    out.write_text("earlier file\n", encoding="utf-8")
    refused = akrim(analysed_tiny_store, "export", "priorities", "--out", str(out), "--as", "ana")
    assert refused.exit_code == 2
    assert refused.output.startswith("Error: export refused: ")
    assert "no policy rule lets analyst" in refused.output
    assert len(refused.output.strip().splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "earlier file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv"]
    [event] = reads()  # the refusal is on the record, with every register withheld
    assert event["actor"] == "ana" and event["shown"] == [] and event["withheld"]
    assert event["detail"]["host_user"] == "kari" and "rows" not in event["detail"]
    assert Disclosure.objects.count() == 0


def test_a_named_store_operator_exports_under_their_agency(
    analysed_tiny_store: Path, tmp_path: Path, host_account: str
) -> None:
    user_create(username="ops", agency="nav", roles=["store_operator"])
    out = tmp_path / "q.csv"
    done = akrim(analysed_tiny_store, "export", "quarantine", "--out", str(out), "--as", "ops")
    assert done.exit_code == 0, done.output
    [event] = reads()
    assert event["actor"] == "ops" and event["detail"]["host_user"] == "kari"
    assert not Disclosure.objects.filter(from_agency="nav").exists()
    assert Disclosure.objects.filter(to_agency="nav").exists()


def test_a_purpose_outside_the_regulation_is_refused(
    analysed_tiny_store: Path, tmp_path: Path, host_account: str
) -> None:
    out = tmp_path / "c.csv"
    refused = akrim(
        analysed_tiny_store, "export", "companies", "--out", str(out), "--purpose", "curiosity"
    )
    assert refused.exit_code == 2 and "declare a purpose" in refused.output
    assert not out.exists()


def test_bad_exporters_and_unwritable_files_are_one_line_errors_without_a_trace(
    analysed_tiny_store: Path, tmp_path: Path, host_account: str
) -> None:
    unknown = akrim(analysed_tiny_store, "export", "priorities", "--out", str(tmp_path / "p"),
                    "--as", "nobody")  # fmt: skip
    assert unknown.exit_code == 1 and "no active user 'nobody'" in unknown.output
    user_create(username="kari@host", agency="nav", roles=["analyst"])
    taken = akrim(analysed_tiny_store, "export", "priorities", "--out", str(tmp_path / "p"))
    assert taken.exit_code == 1 and "is not a store operator" in taken.output
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    ops = user_create(username="ops", agency="nav", roles=["store_operator"])
    failed = akrim(analysed_tiny_store, "export", "companies", "--out", str(blocked / "c.csv"),
                   "--as", ops.username)  # fmt: skip
    assert failed.exit_code == 1 and failed.output.startswith("Error: cannot write")
    assert len(failed.output.strip().splitlines()) == 1
    assert reads() == [] and Disclosure.objects.count() == 0


def test_an_unanalysed_store_fails_before_any_record(tmp_path: Path) -> None:
    done = akrim(tmp_path, "export", "priorities", "--out", str(tmp_path / "p.csv"))
    assert done.exit_code == 1 and "run `akrim analyse` first" in done.output
    assert reads() == []
