"""Loading is idempotent, and a later delivery's changed record supersedes the stored one."""

from __future__ import annotations

import json
from pathlib import Path

from akrim.domain.registers import BY_PATH
from akrim.engines.backend import open_store
from akrim.engines.ingest.store import content_hash
from akrim.pipelines.ingest import run_ingest

from .fixture_delivery import write_csv, write_delivery, write_manifest

YTELSER = "nav/ytelser.csv"


def _hash(store: Path) -> str:
    backend = open_store(store)
    try:
        return content_hash(backend)
    finally:
        backend.close()


def test_the_same_delivery_twice_changes_nothing(tmp_path: Path, store: Path, reader) -> None:
    write_delivery(tmp_path / "d", rows=5)
    first = run_ingest(store, tmp_path / "d")
    counts = reader("SELECT count(*) FROM facts.skatteetaten__a_melding")
    before = _hash(store)
    second = run_ingest(store, tmp_path / "d")
    assert _hash(store) == before
    assert reader("SELECT count(*) FROM facts.skatteetaten__a_melding") == counts
    assert {f.status for f in second.files} == {"already_loaded"}
    assert second.totals == first.totals
    assert reader("SELECT count(*) FROM meta.deliveries") == [(1,)]


def test_the_same_rows_in_a_new_delivery_are_duplicates(
    tmp_path: Path, store: Path, reader
) -> None:
    write_delivery(tmp_path / "d", rows=5)
    run_ingest(store, tmp_path / "d")
    before = _hash(store)
    manifest = json.loads((tmp_path / "d" / "manifest.json").read_text())
    manifest["delivery_id"] = "fixture-2"
    (tmp_path / "d" / "manifest.json").write_text(json.dumps(manifest))
    report = run_ingest(store, tmp_path / "d")
    assert all(f.loaded == 0 and f.duplicates == f.read for f in report.files if f.read)
    assert _hash(store) == before


def test_a_changed_record_supersedes_and_the_old_version_is_kept(
    tmp_path: Path, store: Path, reader
) -> None:
    fixture = write_delivery(tmp_path / "d1", rows=4, only=(YTELSER,))
    run_ingest(store, tmp_path / "d1")
    rows = fixture.records[YTELSER]
    old_amount = rows[1]["amount_nok"]
    rows[1]["amount_nok"] = "999.00"
    (tmp_path / "d2" / "nav").mkdir(parents=True)
    write_csv(tmp_path / "d2" / YTELSER, BY_PATH[YTELSER], rows)
    write_manifest(tmp_path / "d2", "fixture-2", created="2026-12-01T06:00:00Z")
    report = run_ingest(store, tmp_path / "d2")
    ytelser = next(f for f in report.files if f.path == YTELSER)
    assert ytelser.status == "loaded", ytelser.reason
    assert (ytelser.read, ytelser.loaded, ytelser.superseded, ytelser.duplicates) == (4, 1, 1, 3)
    versions = reader(
        "SELECT CAST(amount_nok AS VARCHAR), _delivery_id, CAST(_valid_from AS VARCHAR), "
        "CAST(_valid_to AS VARCHAR) FROM facts.nav__ytelser WHERE record_id = ? "
        "ORDER BY _valid_from",
        [rows[1]["record_id"]],
    )
    assert versions == [
        (f"{float(old_amount):.2f}", "fixture-1", "2026-11-01 06:00:00", "2026-12-01 06:00:00"),
        ("999.00", "fixture-2", "2026-12-01 06:00:00", None),
    ]
    assert reader("SELECT count(*) FROM current.nav__ytelser") == [(4,)]


def test_a_record_id_repeated_in_one_file(tmp_path: Path, store: Path, reader) -> None:
    fixture = write_delivery(tmp_path / "d", rows=4, only=(YTELSER,))
    rows = fixture.records[YTELSER]
    same = dict(rows[0])
    changed = dict(rows[1], amount_nok="1.00")
    write_csv(tmp_path / "d" / YTELSER, BY_PATH[YTELSER], [*rows, same, changed])
    write_manifest(tmp_path / "d", "fixture-1")
    report = run_ingest(store, tmp_path / "d")
    ytelser = next(f for f in report.files if f.path == YTELSER)
    assert (ytelser.read, ytelser.loaded, ytelser.duplicates, ytelser.quarantined) == (6, 4, 1, 1)
    assert reader("SELECT record_id, line, rule FROM meta.quarantine") == [
        (rows[1]["record_id"], 7, "duplicate_record_id")
    ]
