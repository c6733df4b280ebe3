"""Gzip-compressed CSV files (``<contract path>.gz``): checked, read and reconciled like plain
ones; a damaged stream rejects the file whole before any row is read."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from akrim.pipelines.ingest import run_ingest

from .fixture_delivery import BadValue, gzip_files, write_delivery

YTELSER = "nav/ytelser.csv"
MVA = "skatteetaten/mva.csv"
ENHETER = "brreg/enheter.json"
FILES = (YTELSER, MVA, ENHETER)
HEADER = b"record_id,person_id,benefit,from_date,to_date,amount_nok,declared_work_hours\n"


def _delivery(tmp_path: Path, **kwargs: object) -> Path:
    root = tmp_path / "d"
    write_delivery(root, rows=4, only=FILES, **kwargs)  # type: ignore[arg-type]
    gzip_files(root, (YTELSER,))
    return root


def _replace_packed(root: Path, content: bytes, rows: int | None = None) -> None:
    """Put ``content`` (already compressed, or not) in place of ytelser.csv.gz."""
    (root / (YTELSER + ".gz")).write_bytes(content)
    manifest = json.loads((root / "manifest.json").read_text())
    for entry in manifest["files"]:
        if entry["path"] == YTELSER + ".gz":
            entry["sha256"] = hashlib.sha256(content).hexdigest()
            if rows is not None:
                entry["rows"] = rows
    (root / "manifest.json").write_text(json.dumps(manifest))


def _rejected(report) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {f.path: f.reason or "" for f in report.files if f.status == "rejected"}


def test_a_gzipped_csv_is_validated_and_reconciled(tmp_path: Path, store: Path, reader) -> None:
    bad = (BadValue(YTELSER, 2, "from_date", "2026-02-30", "date"),)
    fixture = write_delivery(tmp_path / "d", rows=4, only=FILES, bad=bad)
    gzip_files(tmp_path / "d", (YTELSER,))
    report = run_ingest(store, tmp_path / "d")
    assert report.exit_code == 0, _rejected(report)
    packed = next(f for f in report.files if f.path == YTELSER + ".gz")
    assert (packed.status, packed.read, packed.loaded, packed.quarantined) == ("loaded", 4, 3, 1)
    assert YTELSER not in {f.path for f in report.files}
    assert reader('SELECT source_file, record_id, line, "column", rule FROM meta.quarantine') == [
        (YTELSER + ".gz", fixture.records[YTELSER][2]["record_id"], 4, "from_date", "date")
    ]
    assert reader("SELECT DISTINCT _source_file FROM facts.nav__ytelser") == [(YTELSER + ".gz",)]
    assert reader("SELECT status FROM meta.reconciliation WHERE source_file LIKE '%.gz'") == [
        ("balanced",)
    ]


def test_reader_rejects_inside_a_gzipped_csv_keep_their_lines(
    tmp_path: Path, store: Path, reader
) -> None:
    root = _delivery(tmp_path)
    body = b"r1,,DAGPENGER,,,,\nr2,,AAP\nr3,,AAP,2026-02-30,,,\n"
    _replace_packed(root, gzip.compress(HEADER + body), rows=3)
    run_ingest(store, root)
    got = reader("SELECT record_id, line, rule FROM meta.quarantine ORDER BY line, rule")
    assert ("r2", 3, "field_count") in got
    assert ("r3", 4, "date") in got


def _truncated(root: Path) -> None:
    packed = (root / (YTELSER + ".gz")).read_bytes()
    _replace_packed(root, packed[: len(packed) - 12])


def _corrupt(root: Path) -> None:
    packed = bytearray((root / (YTELSER + ".gz")).read_bytes())
    packed[12:40] = b"\xff" * 28
    _replace_packed(root, bytes(packed))


def _not_gzip(root: Path) -> None:
    _replace_packed(root, HEADER + b"r1,,DAGPENGER,,,,\n")


def _latin1_inside(root: Path) -> None:
    _replace_packed(root, gzip.compress(HEADER + "r1,,DAGPENGER,,,,Bjørn\n".encode("latin-1")))


def _empty_inside(root: Path) -> None:
    _replace_packed(root, gzip.compress(b""), rows=0)


def _row_count(root: Path) -> None:
    _replace_packed(root, (root / (YTELSER + ".gz")).read_bytes(), rows=9)


CASES = {
    "truncated": (_truncated, "truncated gzip"),
    "corrupt": (_corrupt, "corrupt gzip data"),
    "not gzip": (_not_gzip, "not gzip-compressed although named .gz"),
    "latin-1 inside": (_latin1_inside, "not UTF-8"),
    "empty inside": (_empty_inside, "empty file"),
    "row count": (_row_count, "row count differs from the manifest (file 4, manifest 9)"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_damaged_gzip_is_rejected_whole(case: str, tmp_path: Path, store: Path, reader) -> None:
    spoil, reason = CASES[case]
    root = _delivery(tmp_path)
    spoil(root)
    report = run_ingest(store, root)
    assert report.exit_code == 2
    rejected = _rejected(report)
    assert list(rejected) == [YTELSER + ".gz"]
    assert reason in rejected[YTELSER + ".gz"]
    assert "\n" not in rejected[YTELSER + ".gz"]
    assert reader("SELECT count(*) FROM facts.nav__ytelser") == [(0,)]
    assert reader("SELECT count(*) FROM meta.quarantine WHERE source_file LIKE '%.gz'") == [(0,)]
    assert {f.path for f in report.files if f.status == "loaded"} == {MVA, ENHETER}


def test_a_file_listed_plain_and_gzipped_is_loaded_once(tmp_path: Path, store: Path) -> None:
    root = _delivery(tmp_path)
    (root / YTELSER).write_bytes(gzip.decompress((root / (YTELSER + ".gz")).read_bytes()))
    manifest = json.loads((root / "manifest.json").read_text())
    packed = next(e for e in manifest["files"] if e["path"] == YTELSER + ".gz")
    plain = dict(packed, path=YTELSER)
    plain["sha256"] = hashlib.sha256((root / YTELSER).read_bytes()).hexdigest()
    manifest["files"].append(plain)
    (root / "manifest.json").write_text(json.dumps(manifest))
    report = run_ingest(store, root)
    assert _rejected(report) == {YTELSER: f"listed twice (also as {YTELSER}.gz) in the manifest"}
    assert next(f for f in report.files if f.path == YTELSER + ".gz").loaded == 4


def test_only_csv_files_may_be_gzipped_and_unlisted_ones_are_named(
    tmp_path: Path, store: Path
) -> None:
    root = _delivery(tmp_path)
    gzip_files(root, (ENHETER,))
    (root / (MVA + ".gz")).write_bytes(gzip.compress((root / MVA).read_bytes()))
    report = run_ingest(store, root)
    assert _rejected(report) == {
        ENHETER + ".gz": "only CSV files may be gzip-compressed",
        MVA + ".gz": "delivered but not in the manifest",
    }
