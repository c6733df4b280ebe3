"""A large CSV file is cut into pieces at record boundaries only, and loading it piece by
piece gives the store loading it whole gives: the same facts, lines, quarantine and counts."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from akrim.domain.registers import BY_PATH
from akrim.engines.backend import open_store
from akrim.engines.ingest.file_scan import CHUNK, scan_file
from akrim.engines.ingest.loader import repeated_hashes
from akrim.engines.ingest.pieces import BlockCounts, plan_cuts, write_piece
from akrim.engines.ingest.store import content_hash
from akrim.pipelines.ingest import run_ingest

from .fixture_delivery import BadValue, write_csv, write_delivery, write_manifest

A_MELDING = "skatteetaten/a_melding.csv"

field_text = st.lists(
    st.sampled_from(["a", "b", ",", '"', "\n", "\r\n", " ", "ø"]), max_size=8
).map("".join)


def _records(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _record_lines(text: str) -> list[int]:
    """The line (from 1) on which each record starts."""
    reader = csv.reader(io.StringIO(text, newline=""))
    starts, end = [], 0
    for _ in reader:
        starts.append(end + 1)
        end = reader.line_num
    return starts


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.lists(field_text, min_size=2, max_size=2), min_size=1, max_size=40),
    piece_bytes=st.integers(min_value=1, max_value=60),
    crlf=st.booleans(),
)
def test_pieces_hold_whole_records_in_order_with_their_lines(
    tmp_path: Path, rows: list[list[str]], piece_bytes: int, crlf: bool
) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n" if crlf else "\n").writerows([["h1", "h2"], *rows])
    text = out.getvalue()
    path = tmp_path / "f.csv"
    path.write_bytes(text.encode("utf-8"))
    header_end, cuts = plan_cuts(path, piece_bytes)
    data = path.read_bytes()
    size = 5  # counts per block as the byte scan keeps them, in tiny blocks
    chunks = [data[i : i + size] for i in range(0, len(data), size)]
    blocks = BlockCounts(size, tuple((c.count(b'"'), c.count(b"\n")) for c in chunks))
    assert plan_cuts(path, piece_bytes, blocks) == (header_end, cuts)
    whole = _records(text)
    whole_lines = _record_lines(text)
    if len(cuts) < 2:
        return
    assert cuts[0].start == header_end and cuts[-1].end == len(text.encode("utf-8"))
    records: list[list[str]] = []
    lines: list[int] = []
    for number, cut in enumerate(cuts):
        piece = write_piece(path, header_end, cut, tmp_path / f"p{number}.csv")
        piece_text = piece.path.read_bytes().decode("utf-8")
        assert piece.newlines == piece_text.count("\n")
        got = _records(piece_text)
        assert got[0] == ["h1", "h2"]
        records += got[1:]
        lines += [n + piece.line_offset for n in _record_lines(piece_text)[1:]]
    assert records == whole[1:]
    assert lines == whole_lines[1:]


def test_the_byte_scan_keeps_each_blocks_quotes_and_newlines(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    line = b'a,"b\nc",d\n'
    path.write_bytes(line * (CHUNK // len(line) * 2 + 7))
    scan = scan_file(path)
    data = path.read_bytes()
    expected = [
        (data[i : i + CHUNK].count(b'"'), data[i : i + CHUNK].count(b"\n"))
        for i in range(0, len(data), CHUNK)
    ]
    assert list(scan.blocks) == expected and len(expected) == 3


def test_a_file_smaller_than_a_piece_is_not_cut(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    assert plan_cuts(path, 1000) == (0, [])


def test_a_quote_left_open_is_never_cut_inside(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    body = "1,2\n" * 50 + '3,"open\n' + "4,5\n" * 50
    path.write_text("a,b\n" + body, encoding="utf-8")
    _, cuts = plan_cuts(path, 40)
    text = path.read_text(encoding="utf-8")
    opened = text.index('"open')
    # past the open quote, no cut: the rest is one piece, as the reader would see the file
    assert all(c.end <= opened or c.end == len(text) for c in cuts)
    assert sum(1 for c in cuts if c.end > opened) == 1


# ------------------------------------------------------------------ the loader


def _store_state(store: Path) -> tuple[object, ...]:
    backend = open_store(store)
    try:
        return (
            content_hash(backend),
            backend.rows(
                'SELECT source_file, "read", loaded, superseded, quarantined, duplicates, '
                "code_warnings, status FROM meta.reconciliation ORDER BY ALL"
            ),
            backend.rows(
                'SELECT source_file, "column", value, "rows" FROM meta.code_warnings ORDER BY ALL'
            ),
            backend.rows(
                'SELECT source_file, record_id, line, "column", rule, value, fields '
                "FROM meta.quarantine ORDER BY ALL"
            ),
            backend.rows("SELECT path, status, reason FROM meta.delivery_files ORDER BY ALL"),
            backend.rows(
                "SELECT record_id, _line FROM facts.skatteetaten__a_melding ORDER BY _line"
            ),
        )
    finally:
        backend.close()


def _both_ways(tmp_path: Path, delivery: Path, piece_bytes: int = 700) -> tuple[object, object]:
    _, cuts = plan_cuts(delivery / A_MELDING, piece_bytes)
    assert len(cuts) >= 3, "the file is loaded in pieces"
    whole, cut = tmp_path / "whole", tmp_path / "pieces"
    shutil.rmtree(whole, ignore_errors=True)
    shutil.rmtree(cut, ignore_errors=True)
    run_ingest(whole, delivery)
    report = run_ingest(cut, delivery, piece_bytes=piece_bytes)
    assert not any((cut / "tmp" / "ingest-pieces").glob("*")), "pieces are removed"
    assert report.files
    return _store_state(whole), _store_state(cut)


def test_loading_in_pieces_gives_the_store_loading_whole_gives(tmp_path: Path) -> None:
    bad = (
        BadValue(A_MELDING, 3, "person_id", "12345678901", "person_id"),
        BadValue(A_MELDING, 17, "period", "2026-13", "month"),
        BadValue(A_MELDING, 29, "gross_pay_nok", "12,5", "amount"),
        BadValue(A_MELDING, 30, "employment_type", "weird", ""),  # a code warning: loaded
    )
    fixture = write_delivery(tmp_path / "d", rows=40, bad=bad, only=(A_MELDING,))
    rows = fixture.records[A_MELDING]
    rows[11]["first_name"] = 'Line one\nline "two"'  # a record over two lines
    write_csv(tmp_path / "d" / A_MELDING, BY_PATH[A_MELDING], rows)
    # a record the reader itself refuses (a field too many)
    with (tmp_path / "d" / A_MELDING).open("a", encoding="utf-8") as handle:
        handle.write("x," * 30 + "x\n")
    write_manifest(tmp_path / "d", "fixture-1")
    whole, pieces = _both_ways(tmp_path, tmp_path / "d")
    assert pieces == whole
    reconciliation = whole[1]  # type: ignore[index]
    assert reconciliation[0][4] >= 4  # the bad rows were quarantined both ways


def test_repeated_record_ids_across_pieces_are_judged_as_in_the_whole_file(
    tmp_path: Path,
) -> None:
    fixture = write_delivery(tmp_path / "d", rows=40, only=(A_MELDING,))
    rows = fixture.records[A_MELDING]
    rows[35] = dict(rows[2])  # the same record again, far down the file: a duplicate
    rows[36] = dict(rows[4], gross_pay_nok="1.00")  # the same id with other values
    write_csv(tmp_path / "d" / A_MELDING, BY_PATH[A_MELDING], rows)
    write_manifest(tmp_path / "d", "fixture-1")
    whole, pieces = _both_ways(tmp_path, tmp_path / "d")
    assert pieces == whole
    assert whole[1][0][5] == 1  # type: ignore[index]  # one duplicate


def test_a_piece_count_that_differs_from_the_manifest_rejects_the_file_whole(
    tmp_path: Path,
) -> None:
    write_delivery(tmp_path / "d", rows=40, only=(A_MELDING, "nav/ytelser.csv"))
    overrides = {A_MELDING: {"rows": 41}}
    write_manifest(tmp_path / "d", "fixture-1", overrides=overrides)
    whole, pieces = _both_ways(tmp_path, tmp_path / "d")
    assert pieces == whole
    files = dict((p, (s, r)) for p, s, r in whole[4])  # type: ignore[index, misc]
    assert files[A_MELDING][0] == "rejected"
    assert "row count differs" in str(files[A_MELDING][1])
    assert whole[5] == []  # type: ignore[index]


def test_a_later_delivery_into_a_filled_table_is_loaded_whole_and_supersedes(
    tmp_path: Path,
) -> None:
    """Rows of a later delivery are compared with their stored versions: such a file is not
    cut, whatever its size, and the store ends as it would without pieces."""
    first = write_delivery(tmp_path / "d1", rows=40, only=(A_MELDING,))
    later = tmp_path / "d2"
    write_delivery(later, rows=40, seed=7, delivery_id="fixture-2", only=(A_MELDING,))
    rows = [dict(r) for r in first.records[A_MELDING]]
    rows[5]["gross_pay_nok"] = "1.00"  # a correction of a stored record
    write_csv(later / A_MELDING, BY_PATH[A_MELDING], rows)
    write_manifest(later, "fixture-2", created="2026-12-01T06:00:00Z")
    stores = []
    for name, piece_bytes in (("whole", 1 << 40), ("pieces", 700)):
        store = tmp_path / name
        run_ingest(store, tmp_path / "d1", piece_bytes=piece_bytes)
        run_ingest(store, later, piece_bytes=piece_bytes)
        stores.append(_store_state(store))
    assert stores[0] == stores[1]
    superseded = [row[3] for row in stores[0][1]]  # type: ignore[index]
    assert 1 in superseded


def test_progress_names_each_piece_in_turn(tmp_path: Path) -> None:
    write_delivery(tmp_path / "d", rows=40, only=(A_MELDING,))
    events: list[str] = []
    run_ingest(
        tmp_path / "store",
        tmp_path / "d",
        lambda path, event: events.append(event) if path == A_MELDING else None,
        piece_bytes=700,
    )
    pieces = [e for e in events if e.startswith("piece ")]
    total = len(plan_cuts(tmp_path / "d" / A_MELDING, 700)[1])
    assert pieces == [f"piece {k} of {total}" for k in range(1, total + 1)]
    assert events[0] == "start" and events[-1] == "loaded"


@given(st.lists(st.lists(st.integers(0, 2**64 - 1), max_size=30), max_size=5))
def test_repeated_hashes_counts_every_value_seen_before(parts: list[list[int]]) -> None:
    arrays = [np.array(p, dtype=np.uint64) for p in parts]
    values = [v for p in parts for v in p]
    assert repeated_hashes(arrays) == len(values) - len(set(values))
