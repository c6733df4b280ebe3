"""Records of processing and the retention purge with its own log."""

from __future__ import annotations

from datetime import timedelta

import duckdb
import pytest
from django.conf import settings
from django.utils import timezone

from akrim.domain.registers import REGISTER_FILES
from akrim.web.audit.models import AuditEntry
from akrim.web.audit.selectors import audit_verify
from akrim.web.cases.models import Case
from akrim.web.cases.services import case_close, case_open, proportionality_note_record
from akrim.web.dataprotection.models import ProcessingRecord, PurgeLogEntry
from akrim.web.dataprotection.services import (
    PURGED_TITLE,
    processing_records_sync,
    retention_purge,
)

pytestmark = pytest.mark.django_db


def test_every_register_file_has_a_record_of_processing() -> None:
    assert processing_records_sync() == len(REGISTER_FILES)
    records = {r.path: r for r in ProcessingRecord.objects.all()}
    assert set(records) == {f.path for f in REGISTER_FILES}
    police = records["politi/anmeldelser.csv"]
    assert police.retention_days == 1095 and "politiregisterloven" in police.legal_basis
    assert "persons" in " ".join(records["skatteetaten/a_melding.csv"].categories)


def _old_closed_case(make_user) -> Case:
    analyst = make_user("nav", "analyst")
    case = case_open(user=analyst, title="Old", subjects=["912345678"], purpose="detect")
    proportionality_note_record(user=analyst, case=case, text="x" * 40)
    case_close(user=analyst, case=case, reason="done")
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=2000))
    return case


def test_purge_removes_what_is_past_retention_and_logs_it(make_user) -> None:
    old = _old_closed_case(make_user)
    recent = case_open(
        user=make_user("nav", "analyst"), title="New", subjects=["1"], purpose="detect"
    )
    run = retention_purge(by="dpo")
    old.refresh_from_db()
    assert old.title == PURGED_TITLE and not old.subjects.exists()
    assert not old.proportionality_notes.exists()
    recent.refresh_from_db()
    assert recent.title == "New"
    assert run.removed["closed_cases"] == 1
    assert PurgeLogEntry.objects.filter(run=run, target="case", key=str(old.pk)).exists()
    assert AuditEntry.objects.filter(action="dataprotection.purged").count() == 1
    assert audit_verify().intact
    assert retention_purge(by="dpo").removed["closed_cases"] == 0  # done once


def test_a_dry_run_changes_nothing(make_user) -> None:
    old = _old_closed_case(make_user)
    run = retention_purge(by="dpo", dry_run=True)
    assert run.removed["closed_cases"] == 1
    old.refresh_from_db()
    assert old.title == "Old" and old.subjects.exists()


def test_purge_removes_superseded_fact_versions_past_retention(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(settings, "STORE", tmp_path)
    table = next(f for f in REGISTER_FILES if f.path == "nav/ytelser.csv").table
    with duckdb.connect(str(tmp_path / "analytics.duckdb")) as con:
        con.execute("CREATE SCHEMA facts")
        con.execute(f'CREATE TABLE facts."{table}" (record_id VARCHAR, _valid_to TIMESTAMP)')
        con.execute(
            f"""INSERT INTO facts."{table}" VALUES
            ('old', TIMESTAMP '2015-01-01'), ('recent', now()::TIMESTAMP), ('current', NULL)"""
        )
    run = retention_purge(by="dpo")
    assert run.removed[f"facts.{table}"] == 1
    with duckdb.connect(str(tmp_path / "analytics.duckdb")) as con:
        left = sorted(
            r[0] for r in con.execute(f'SELECT record_id FROM facts."{table}"').fetchall()
        )
    assert left == ["current", "recent"]
