"""Loading is idempotent, and a later delivery's changed record supersedes the stored one."""

from __future__ import annotations

import datetime as dt
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


def _manifest(root: Path, delivery_id: str, extract: str, created: str) -> None:
    """A manifest whose files were all extracted on ``extract``."""
    overrides = {path: {"extract_date": extract} for path in BY_PATH}
    write_manifest(root, delivery_id, overrides=overrides, created=created)  # type: ignore[arg-type]


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
    _manifest(tmp_path / "d2", "fixture-2", "2026-11-30", "2026-12-01T06:00:00Z")
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
        (f"{float(old_amount):.2f}", "fixture-1", "2026-10-31 00:00:00", "2026-11-30 00:00:00"),
        ("999.00", "fixture-2", "2026-11-30 00:00:00", None),
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


def _amounts(root: Path, rows: list[dict[str, str]], amounts: dict[int, str]) -> None:
    """ytelser.csv under ``root`` with ``rows``, the given rows' amounts changed."""
    (root / "nav").mkdir(parents=True, exist_ok=True)
    changed = [dict(r, amount_nok=amounts.get(i, r["amount_nok"])) for i, r in enumerate(rows)]
    write_csv(root / YTELSER, BY_PATH[YTELSER], changed)


def _three_extracts(tmp_path: Path) -> tuple[list[dict[str, str]], list[Path]]:
    """October, November and December extracts: row 1 changes in November and December,
    row 2 only in December; the deliveries' ids sort against their dates."""
    fixture = write_delivery(tmp_path / "oct", rows=4, only=(YTELSER,))
    rows = fixture.records[YTELSER]
    _manifest(tmp_path / "oct", "z-october", "2026-10-31", "2026-11-01T06:00:00Z")
    _amounts(tmp_path / "nov", rows, {1: "111.00"})
    _manifest(tmp_path / "nov", "m-november", "2026-11-30", "2026-12-01T06:00:00Z")
    _amounts(tmp_path / "dec", rows, {1: "222.00", 2: "333.00"})
    _manifest(tmp_path / "dec", "a-december", "2026-12-31", "2027-01-01T06:00:00Z")
    return rows, [tmp_path / "oct", tmp_path / "nov", tmp_path / "dec"]


CURRENT = (
    "SELECT record_id, CAST(amount_nok AS VARCHAR), _delivery_id, CAST(_valid_from AS VARCHAR) "
    "FROM current.nav__ytelser ORDER BY record_id"
)
EVERY_VERSION = "SELECT * FROM facts.nav__ytelser ORDER BY record_id, _valid_from, _delivery_id"
HISTORY = (
    "SELECT CAST(amount_nok AS VARCHAR), _delivery_id, CAST(_valid_from AS DATE), "
    "CAST(_valid_to AS DATE) FROM facts.nav__ytelser WHERE record_id = ? ORDER BY _valid_from"
)


def test_an_older_delivery_loaded_late_becomes_history_not_current(
    tmp_path: Path, store: Path, reader
) -> None:
    rows, (october, november, december) = _three_extracts(tmp_path)
    in_order = tmp_path / "in-order"
    for delivery in (october, november, december):
        run_ingest(in_order, delivery)
    run_ingest(store, december)
    late = run_ingest(store, october)
    ytelser = next(f for f in late.files if f.path == YTELSER)
    assert (ytelser.read, ytelser.loaded, ytelser.superseded) == (4, 4, 0)  # all history
    run_ingest(store, november)
    current = reader(CURRENT)
    backend = open_store(in_order)
    try:  # the same facts, history included, whatever the load order
        assert current == backend.rows(CURRENT)
        assert reader(EVERY_VERSION) == backend.rows(EVERY_VERSION)
    finally:
        backend.close()
    amounts = {rid: amount for rid, amount, _, _ in current}
    assert amounts[rows[1]["record_id"]] == "222.00"
    assert amounts[rows[2]["record_id"]] == "333.00"
    unchanged = {rows[0]["record_id"], rows[3]["record_id"]}
    assert {v for rid, _, _, v in current if rid in unchanged} == {"2026-10-31 00:00:00"}
    # the record changed each month: three versions, each valid until the next extract
    assert [v[1:] for v in reader(HISTORY, [rows[1]["record_id"]])] == [
        ("z-october", dt.date(2026, 10, 31), dt.date(2026, 11, 30)),
        ("m-november", dt.date(2026, 11, 30), dt.date(2026, 12, 31)),
        ("a-december", dt.date(2026, 12, 31), None),
    ]


def test_a_late_delivery_in_between_closes_and_is_closed(
    tmp_path: Path, store: Path, reader
) -> None:
    rows, (october, november, december) = _three_extracts(tmp_path)
    for delivery in (october, december):
        run_ingest(store, delivery)
    between = run_ingest(store, november)
    ytelser = next(f for f in between.files if f.path == YTELSER)
    # row 1 differs from October (closes it); rows 0, 2, 3 repeat October (duplicates)
    assert (ytelser.loaded, ytelser.superseded, ytelser.duplicates) == (1, 1, 3)
    assert [v[1:] for v in reader(HISTORY, [rows[1]["record_id"]])] == [
        ("z-october", dt.date(2026, 10, 31), dt.date(2026, 11, 30)),
        ("m-november", dt.date(2026, 11, 30), dt.date(2026, 12, 31)),
        ("a-december", dt.date(2026, 12, 31), None),
    ]
    before = _hash(store)
    again = run_ingest(store, november)
    assert {f.status for f in again.files if f.path == YTELSER} == {"already_loaded"}
    assert _hash(store) == before


def test_deliveries_of_one_extract_date_are_ordered_by_creation(
    tmp_path: Path, store: Path, reader
) -> None:
    fixture = write_delivery(tmp_path / "first", rows=2, only=(YTELSER,))
    rows = fixture.records[YTELSER]
    _manifest(tmp_path / "first", "b-first", "2026-10-31", "2026-11-01T06:00:00Z")
    _amounts(tmp_path / "fix", rows, {0: "5.00"})
    _manifest(tmp_path / "fix", "a-correction", "2026-10-31", "2026-11-02T06:00:00Z")
    run_ingest(store, tmp_path / "fix")
    run_ingest(store, tmp_path / "first")
    assert reader(CURRENT)[0][1:3] == ("5.00", "a-correction")


def test_a_store_with_text_row_hashes_is_rehashed_once(tmp_path: Path, store: Path, reader) -> None:
    write_delivery(tmp_path / "d", rows=3, only=(YTELSER,))
    run_ingest(store, tmp_path / "d")
    backend = open_store(store)
    try:  # as an older store, or another DuckDB's hash(), would have it
        backend.execute(
            "ALTER TABLE facts.nav__ytelser ALTER _row_hash SET DATA TYPE VARCHAR "
            "USING md5(record_id)"
        )
        backend.execute("UPDATE meta.row_hash SET canary = 1")
    finally:
        backend.close()
    manifest = json.loads((tmp_path / "d" / "manifest.json").read_text())
    manifest["delivery_id"] = "fixture-2"
    (tmp_path / "d" / "manifest.json").write_text(json.dumps(manifest))
    report = run_ingest(store, tmp_path / "d")
    ytelser = next(f for f in report.files if f.path == YTELSER)
    assert (ytelser.loaded, ytelser.duplicates) == (0, 3)
    assert reader("SELECT DISTINCT typeof(_row_hash) FROM facts.nav__ytelser") == [("UBIGINT",)]
