"""A quarantined row keeps its raw fields (meta.quarantine.fields), bounded in size, so that
later stages can tell a record delivered but unreadable from one never delivered."""

from __future__ import annotations

import json
from pathlib import Path

from akrim.engines.backend import open_store
from akrim.pipelines.ingest import export_quarantine, run_ingest

from .fixture_delivery import BadValue, write_delivery, write_manifest

YTELSER = "nav/ytelser.csv"
HEADER = b"record_id,person_id,benefit,from_date,to_date,amount_nok,declared_work_hours\n"
BAD = (
    BadValue("skatteetaten/a_melding.csv", 1, "gross_pay_nok", "ca 12 000", "amount"),
    BadValue("nav/ytelser.csv", 3, "person_id", "", "required"),
    BadValue("brreg/enheter.json", 2, "orgnr", "923456780", "orgnr"),
    BadValue("brreg/roller.jsonl", 2, "person_id", "31129912345", "person_id"),
)


def _fields(reader, rule: str) -> tuple[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    record_id, fields = reader(
        "SELECT record_id, fields FROM meta.quarantine WHERE rule = ?", [rule]
    )[0]
    return str(record_id), json.loads(str(fields))


def test_each_quarantined_row_keeps_its_raw_fields(tmp_path: Path, store: Path, reader) -> None:
    fixture = write_delivery(tmp_path / "d", rows=6, bad=BAD)
    run_ingest(store, tmp_path / "d")
    assert reader("SELECT count(*) FROM meta.quarantine WHERE fields IS NULL") == [(0,)]
    for bad in BAD:
        record_id, fields = _fields(reader, bad.rule)
        assert fields["record_id"] == record_id
        assert fields[bad.column] == (bad.value or None)  # an empty field is null
        if bad.path.endswith(".csv"):
            assert record_id == fixture.records[bad.path][bad.index]["record_id"]
            assert set(fields) == set(fixture.records[bad.path][bad.index])


def test_fields_are_cut_and_refused_records_split_by_the_header(
    tmp_path: Path, store: Path, reader
) -> None:
    root = tmp_path / "d"
    write_delivery(root, rows=4, only=(YTELSER,))
    huge = b"9" * 1_500_000  # under the reader's line limit: read, then broken as an amount
    body = b"r1,,AAP," + b"2026-01-01,," + huge + b",\nr2,,AAP\n"
    (root / YTELSER).write_bytes(HEADER + body)
    write_manifest(root, "fixture-1")
    run_ingest(store, root)
    record_id, fields = _fields(reader, "amount")
    assert record_id == "r1"
    assert str(fields["amount_nok"]).endswith("…[1500000 characters]")
    assert len(str(fields["amount_nok"])) < 300
    assert fields["benefit"] == "AAP"
    record_id, fields = _fields(reader, "field_count")
    assert (record_id, fields) == ("r2", {"record_id": "r2", "person_id": None, "benefit": "AAP"})
    longest = reader("SELECT max(length(fields)) FROM meta.quarantine")[0][0]
    assert int(str(longest)) < 2_000


def test_an_older_store_gains_the_column_and_the_export_keeps_its_columns(
    tmp_path: Path, store: Path, reader
) -> None:
    write_delivery(tmp_path / "a", rows=4, bad=BAD[:2], delivery_id="first")
    run_ingest(store, tmp_path / "a")
    backend = open_store(store)
    backend.execute("ALTER TABLE meta.quarantine DROP COLUMN fields")  # as stores were made
    backend.close()
    write_delivery(tmp_path / "b", rows=4, bad=BAD[:2], delivery_id="second", seed=2)
    run_ingest(store, tmp_path / "b")
    counts = reader(
        "SELECT delivery_id, count(fields) FROM meta.quarantine GROUP BY ALL ORDER BY 1"
    )
    assert counts == [("first", 0), ("second", 2)]
    out = tmp_path / "q.csv"
    export_quarantine(store, out)
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == "source_file,record_id,line,column,rule,value"
