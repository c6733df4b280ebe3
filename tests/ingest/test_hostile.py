"""Hostile input never crashes ingestion: each case gets a clear reason and leaves no part."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from akrim.cli.main import cli
from akrim.pipelines.ingest import export_quarantine, neutralise_formula, run_ingest

from .fixture_delivery import write_delivery, write_manifest

YTELSER = "nav/ytelser.csv"
MVA = "skatteetaten/mva.csv"
ENHETER = "brreg/enheter.json"
ROLLER = "brreg/roller.jsonl"
FILES = (YTELSER, MVA, ENHETER, ROLLER)
HEADER = b"record_id,person_id,benefit,from_date,to_date,amount_nok,declared_work_hours\n"


def _delivery(tmp_path: Path) -> Path:
    root = tmp_path / "d"
    write_delivery(root, rows=4, only=FILES)
    return root


def _rewrite(root: Path, path: str, content: bytes) -> None:
    (root / path).write_bytes(content)
    write_manifest(root, "fixture-1")


def _manifest_edit(root: Path, target: str, **changes: object) -> None:
    manifest = json.loads((root / "manifest.json").read_text())
    for entry in manifest["files"]:
        if entry["path"] == target:
            entry.update(changes)
    (root / "manifest.json").write_text(json.dumps(manifest))


def _latin1(root: Path) -> None:
    _rewrite(root, YTELSER, HEADER + "r1,,DAGPENGER,,,,Bjørn\n".encode("latin-1"))


def _utf16(root: Path) -> None:
    _rewrite(root, YTELSER, (HEADER + b"r1,,,,,,\n").decode().encode("utf-16"))


def _nul(root: Path) -> None:
    _rewrite(root, YTELSER, HEADER + b"r1,\x00,,,,,\n")


def _empty(root: Path) -> None:
    _rewrite(root, YTELSER, b"")


def _missing_column(root: Path) -> None:
    _rewrite(root, YTELSER, b"record_id,person_id\nr1,x\n")


def _duplicated_header(root: Path) -> None:
    _rewrite(root, YTELSER, HEADER.rstrip(b"\n") + b",benefit\nr1,,,,,,,\n")


def _truncated_json(root: Path) -> None:
    content = (root / ENHETER).read_bytes()
    _rewrite(root, ENHETER, content[: len(content) // 2])


def _truncated_jsonl(root: Path) -> None:
    content = (root / ROLLER).read_bytes()
    _rewrite(root, ROLLER, content[: len(content) - 30])


def _gzip_named_csv(root: Path) -> None:
    _rewrite(root, YTELSER, gzip.compress(HEADER)[:20])


def _bad_sha(root: Path) -> None:
    with (root / YTELSER).open("ab") as handle:
        handle.write(b"r9,,,,,,\n")


def _bad_rows(root: Path) -> None:
    _manifest_edit(root, YTELSER, rows=99)


def _dotdot(root: Path) -> None:
    (root / YTELSER).unlink()
    _manifest_edit(root, YTELSER, path="../outside/ytelser.csv")


def _absolute(root: Path) -> None:
    (root / YTELSER).unlink()
    _manifest_edit(root, YTELSER, path="/etc/passwd")


def _symlink(root: Path) -> None:
    target = root.parent / "elsewhere.csv"
    (root / YTELSER).rename(target)
    os.symlink(target, root / YTELSER)


def _unknown_agency(root: Path) -> None:
    _manifest_edit(root, YTELSER, agency="fbi")


def _unknown_classification(root: Path) -> None:
    _manifest_edit(root, YTELSER, classification="secret")


def _no_legal_basis(root: Path) -> None:
    _manifest_edit(root, YTELSER, legal_basis="")


CASES: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "latin-1": (_latin1, YTELSER, "not UTF-8"),
    "utf-16": (_utf16, YTELSER, "UTF-16"),
    "nul": (_nul, YTELSER, "NUL byte"),
    "zero bytes": (_empty, YTELSER, "empty file"),
    "missing column": (_missing_column, YTELSER, "missing column(s): benefit"),
    "duplicated header": (_duplicated_header, YTELSER, "duplicated header column(s): benefit"),
    "truncated json": (_truncated_json, ENHETER, "not valid JSON"),
    "truncated jsonl": (_truncated_jsonl, ROLLER, "not valid JSON"),
    "gzip bytes": (_gzip_named_csv, YTELSER, "gzip-compressed content in a file not named .gz"),
    "sha256": (_bad_sha, YTELSER, "sha256 differs"),
    "row count": (_bad_rows, YTELSER, "row count differs"),
    "dotdot": (_dotdot, "../outside/ytelser.csv", "leaves the delivery"),
    "absolute": (_absolute, "/etc/passwd", "absolute path"),
    "symlink": (_symlink, YTELSER, "symbolic link"),
    "agency": (_unknown_agency, YTELSER, "unknown agency 'fbi'"),
    "classification": (_unknown_classification, YTELSER, "unknown classification 'secret'"),
    "legal basis": (_no_legal_basis, YTELSER, "no legal basis"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_hostile_file_is_rejected_whole_and_the_rest_loads(
    case: str, tmp_path: Path, store: Path, reader
) -> None:
    spoil, path, reason = CASES[case]
    root = _delivery(tmp_path)
    spoil(root)
    report = run_ingest(store, root)
    assert report.exit_code == 2
    rejected = {f.path: f.reason for f in report.files if f.status == "rejected"}
    assert list(rejected) == [path]
    assert reason in (rejected[path] or "")
    assert "\n" not in (rejected[path] or "")
    loaded = {f.path for f in report.files if f.status == "loaded"}
    assert loaded == set(FILES) - {path, YTELSER if case in ("dotdot", "absolute") else path}
    table = path.rsplit(".", 1)[0].replace("/", "__")
    if path in FILES:
        assert reader(f"SELECT count(*) FROM facts.{table}") == [(0,)]
    assert reader("SELECT status, reason FROM meta.delivery_files WHERE path = ?", [path]) == [
        ("rejected", rejected[path])
    ]
    assert reader(
        "SELECT count(*) FROM duckdb_tables() WHERE starts_with(table_name, '_loading_')"
    ) == [(0,)]


def test_the_cli_exits_2_with_the_reason(tmp_path: Path, store: Path) -> None:
    root = _delivery(tmp_path)
    _bad_sha(root)
    result = CliRunner().invoke(cli, ["--store", str(store), "ingest", str(root)])
    assert result.exit_code == 2, result.output
    assert "sha256 differs" in result.output


def test_a_missing_file_is_reported_absent_not_failed(tmp_path: Path, store: Path) -> None:
    root = _delivery(tmp_path)
    (root / MVA).unlink()
    report = run_ingest(store, root)
    assert report.exit_code == 0
    assert {f.path: f.status for f in report.files}[MVA] == "absent"


def test_an_unreadable_manifest_is_one_line(tmp_path: Path, store: Path) -> None:
    root = _delivery(tmp_path)
    (root / "manifest.json").write_text("{nope")
    result = CliRunner().invoke(cli, ["--store", str(store), "ingest", str(root)])
    assert result.exit_code == 1
    assert "manifest.json is not valid UTF-8 JSON" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_bom_is_accepted(tmp_path: Path, store: Path) -> None:
    root = _delivery(tmp_path)
    _rewrite(root, YTELSER, b"\xef\xbb\xbf" + (root / YTELSER).read_bytes())
    report = run_ingest(store, root)
    assert report.exit_code == 0
    assert {f.path: f.loaded for f in report.files}[YTELSER] == 4


def test_a_10_mb_field_and_a_short_row_are_quarantined_by_line(
    tmp_path: Path, store: Path, reader
) -> None:
    root = _delivery(tmp_path)
    big = b"r2,,DAGPENGER,,,," + b"9" * 10_000_000 + b"\n"
    content = HEADER + b"r1,,DAGPENGER,,,,\n" + big + b"r3,,AAP\n" + b'r4,,"multi\nline",,,,\n'
    _rewrite(root, YTELSER, content)
    report = run_ingest(store, root)
    ytelser = next(f for f in report.files if f.path == YTELSER)
    assert (ytelser.read, ytelser.loaded, ytelser.quarantined) == (4, 0, 4)
    got = reader(
        'SELECT record_id, line, "column", rule, coalesce(length(value), 0) < 2000 '
        "FROM meta.quarantine ORDER BY line, rule"
    )
    assert got == [
        ("r1", 2, "person_id", "required", True),
        ("r2", 3, None, "line_too_long", True),
        ("r3", 4, None, "field_count", True),
        ("r4", 5, "person_id", "required", True),
    ]


def test_formula_injection_is_kept_and_neutralised_on_export(
    tmp_path: Path, store: Path, reader
) -> None:
    root = _delivery(tmp_path)
    _rewrite(root, YTELSER, HEADER + b'r1,=cmd|"/c calc"!A1,DAGPENGER,,,,\n')
    run_ingest(store, root)
    assert reader("SELECT value FROM meta.quarantine") == [('=cmd|"/c calc"!A1',)]
    out = tmp_path / "q.csv"
    export_quarantine(store, out)
    assert "'=cmd|" in out.read_text(encoding="utf-8")
    assert neutralise_formula("-12.50") == "-12.50"
    assert neutralise_formula("-2+3") == "'-2+3"
    assert neutralise_formula("@SUM(A1)") == "'@SUM(A1)"


def test_truth_is_never_read(tmp_path: Path, store: Path) -> None:
    root = _delivery(tmp_path)
    truth = root / "truth"
    truth.mkdir()
    (truth / "bad_rows.csv").write_text("file,record_id,reason\n")
    os.chmod(truth / "bad_rows.csv", 0)
    report = run_ingest(store, root)
    assert report.exit_code == 0


def test_lines_after_a_rejected_record_stay_exact(tmp_path: Path, store: Path, reader) -> None:
    root = _delivery(tmp_path)
    body = b"r1,,DAGPENGER,,,,\nr2,,AAP\nr3,,AAP,2026-02-30,,,\nr4,,AAP,,,,\n"
    _rewrite(root, YTELSER, HEADER + body)
    run_ingest(store, root)
    got = reader("SELECT record_id, line, rule FROM meta.quarantine ORDER BY line, rule")
    assert ("r2", 3, "field_count") in got
    assert ("r3", 4, "date") in got
    assert ("r4", 5, "required") in got


def test_a_key_first_seen_late_in_a_long_json_array_is_read(
    tmp_path: Path, store: Path, reader
) -> None:
    """A field rare in the register (here a bankruptcy date, and one the contract does not
    know) may first appear after the many elements a JSON reader samples to guess a shape."""
    root = _delivery(tmp_path)
    units = [
        {"organisasjonsnummer": orgnr, "navn": f"FIRMA {i}"}
        for i, orgnr in enumerate(_valid_orgnrs(25_001))
    ]
    units[-1] |= {"konkurs": True, "konkursdato": "2026-02-03", "nyttFelt": {"a": 1}}
    _rewrite(root, ENHETER, json.dumps(units).encode())
    report = run_ingest(store, root)
    enheter = next(f for f in report.files if f.path == ENHETER)
    assert (enheter.status, enheter.loaded) == ("loaded", 25_001)
    last = reader(
        "SELECT bankrupt, CAST(bankruptcy_date AS VARCHAR), _extra FROM facts.brreg__enheter "
        "WHERE orgnr = ?",
        [units[-1]["organisasjonsnummer"]],
    )
    assert last == [(True, "2026-02-03", '{"nyttFelt":{"a":1}}')]
    assert reader("SELECT count(_extra) FROM facts.brreg__enheter") == [(1,)]


def _valid_orgnrs(count: int) -> list[str]:
    """The first ``count`` valid organisation numbers from 800000000 on."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    found: list[str] = []
    base = 80_000_000
    while len(found) < count:
        digits = [int(d) for d in str(base)]
        check = (11 - sum(w * d for w, d in zip(weights, digits, strict=True)) % 11) % 11
        if check < 10:
            found.append(f"{base}{check}")
        base += 1
    return found
