"""Physical line numbers of CSV records when the reader rejected some: the SQL tree of
comparisons and the one-pass byte-to-line walk give what counting by hand gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akrim.engines.backend import Backend
from akrim.engines.duckdb_backend import DuckDBBackend
from akrim.engines.ingest.lines import lines_at_bytes
from akrim.engines.ingest.load_sql import shifted_line_sql


@pytest.fixture(scope="module")
def backend() -> Iterator[Backend]:
    db = DuckDBBackend()
    yield db
    db.close()


@settings(max_examples=60, deadline=None)
@given(
    thresholds=st.lists(st.integers(min_value=0, max_value=60), max_size=40),
    rows=st.integers(min_value=1, max_value=70),
)
def test_shifted_lines_count_every_rejected_record_before_a_row(
    backend: Backend, thresholds: list[int], rows: int
) -> None:
    thresholds = sorted(thresholds)
    found = backend.rows(
        f"SELECT _rn, {shifted_line_sql(thresholds)} FROM range({rows}) r(_rn) ORDER BY _rn"
    )
    expected = [(n, n + 2 + sum(t <= n for t in thresholds)) for n in range(rows)]
    assert found == expected


def test_lines_at_bytes_walks_the_file_once_for_all_positions(tmp_path: Path) -> None:
    content = b"header\nfirst\n\nthird line\r\nlast"
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    positions = [0, 5, 7, 13, 14, 25, len(content), 7]
    expected = {p: content[:p].count(b"\n") + 1 for p in positions}
    assert lines_at_bytes(path, positions) == expected
