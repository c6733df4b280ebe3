"""Every planted bad row is quarantined under its rule and line; every good row is loaded."""

from __future__ import annotations

import csv
from pathlib import Path

from akrim.domain.registers import REGISTER_FILES, FileFormat
from akrim.pipelines.ingest import export_quarantine, run_ingest

from .fixture_delivery import BadValue, write_delivery

ROWS = 8
BAD = (
    BadValue("skatteetaten/a_melding.csv", 1, "employer_orgnr", "123456789", "orgnr"),
    BadValue("skatteetaten/a_melding.csv", 2, "person_id", "01019012345", "person_id"),
    BadValue("skatteetaten/a_melding.csv", 3, "period", "2026-13", "month"),
    BadValue("skatteetaten/a_melding.csv", 4, "gross_pay_nok", "12 000", "amount"),
    BadValue("skatteetaten/mva.csv", 0, "term", "2026-T7", "term"),
    BadValue("brreg/regnskap.csv", 5, "year", "20x5", "year"),
    BadValue("nav/ytelser.csv", 2, "from_date", "2026-02-30", "date"),
    BadValue("nav/ytelser.csv", 3, "person_id", "", "required"),
    BadValue("arbeidstilsynet/tilsyn.csv", 6, "workers_checked", "many", "number"),
    BadValue("brreg/enheter.json", 3, "orgnr", "923456780", "orgnr"),
    BadValue("brreg/underenheter.json", 0, "parent_orgnr", "12345", "orgnr"),
    BadValue("brreg/underenheter.json", 2, "start_date", "1.1.2020", "date"),
    BadValue("brreg/roller.jsonl", 2, "person_id", "31129912345", "person_id"),
)


def _expected_line(path: str, index: int) -> int:
    register = next(r for r in REGISTER_FILES if r.path == path)
    if register.format is FileFormat.CSV:
        return index + 2
    if register.format is FileFormat.JSON_LINES:
        return index // 2  # the fixture writes two roles per organisation line
    return index


def test_every_bad_row_is_quarantined_with_its_rule_and_no_good_row_is_lost(
    tmp_path: Path, store: Path, reader
) -> None:
    fixture = write_delivery(tmp_path / "d", rows=ROWS, bad=BAD)
    report = run_ingest(store, tmp_path / "d")
    assert report.exit_code == 0
    quarantined = reader('SELECT source_file, record_id, line, "column", rule FROM meta.quarantine')
    expected = {
        (
            b.path,
            fixture.records[b.path][b.index]["record_id"],
            _expected_line(b.path, b.index),
            b.column,
            b.rule,
        )
        for b in BAD
    }
    assert set(quarantined) == expected
    assert len(quarantined) == len(expected)
    bad_ids = {(q[0], q[1]) for q in quarantined}
    for register in REGISTER_FILES:
        want = {r["record_id"] for r in fixture.records[register.path]}
        want -= {rid for path, rid in bad_ids if path == register.path}
        got = {r[0] for r in reader(f"SELECT record_id FROM current.{register.table}")}
        assert got == want, register.path
    for f in report.files:
        assert f.status == "loaded", (f.path, f.reason)
        assert f.read == f.loaded + f.quarantined + f.duplicates
    stored = reader('SELECT sum("read"), sum(loaded), sum(quarantined) FROM meta.reconciliation')
    assert stored[0] == (ROWS * 20, ROWS * 20 - len(BAD), len(BAD))


def test_export_quarantine_has_exactly_the_contract_columns(tmp_path: Path, store: Path) -> None:
    write_delivery(tmp_path / "d", rows=4, bad=BAD[:2])
    run_ingest(store, tmp_path / "d")
    out = tmp_path / "q.csv"
    assert export_quarantine(store, out) == 2
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["source_file", "record_id", "line", "column", "rule", "value"]
    assert rows[1] == [
        "skatteetaten/a_melding.csv",
        "skatteetaten__a_melding-1",
        "3",
        "employer_orgnr",
        "orgnr",
        "123456789",
    ]


def test_person_number_forms_are_recorded(tmp_path: Path, store: Path, reader) -> None:
    write_delivery(tmp_path / "d", rows=10)
    run_ingest(store, tmp_path / "d")
    forms = {r[0] for r in reader("SELECT person_id_form FROM facts.skatteetaten__folkeregister")}
    assert forms <= {"FNR_SYNTHETIC", "DNR_SYNTHETIC"} and forms


def test_codes_outside_the_list_are_kept_and_reported(tmp_path: Path, store: Path, reader) -> None:
    bad = (BadValue("nav/ytelser.csv", 0, "benefit", "KONTANTSTOTTE", "code"),)
    write_delivery(tmp_path / "d", rows=3, bad=bad)
    report = run_ingest(store, tmp_path / "d")
    ytelser = next(f for f in report.files if f.path == "nav/ytelser.csv")
    assert (ytelser.loaded, ytelser.quarantined, ytelser.code_warnings) == (3, 0, 1)
    assert reader("SELECT count(*) FROM current.nav__ytelser WHERE benefit = 'KONTANTSTOTTE'") == [
        (1,)
    ]
    assert reader('SELECT "column", value, "rows" FROM meta.code_warnings') == [
        ("benefit", "KONTANTSTOTTE", 1)
    ]
