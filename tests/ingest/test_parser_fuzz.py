"""Property-based fuzzing of the file readers: any bytes give a verdict, never a crash, and a
file is either rejected whole or balanced (read = loaded + quarantined + duplicates)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from akrim.domain.registers import BY_PATH
from akrim.pipelines.ingest import run_ingest

from .fixture_delivery import write_manifest

YTELSER = BY_PATH["nav/ytelser.csv"]
FUZZ = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "0", "=1+1", '"', "\n", "\r\n", ",", "2026-02-30", "ø", "\ufeff"]),
)
rows = st.lists(st.lists(cell, min_size=0, max_size=9), max_size=8)
json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
unit = st.fixed_dictionaries(
    {"organisasjonsnummer": st.one_of(st.just("924202467"), st.text(max_size=10))},
    optional={"navn": json_value, "konkurs": json_value, "forretningsadresse": json_value},
)


def _ingest(path: str, content: bytes) -> None:
    root = Path(tempfile.mkdtemp(prefix="fuzz"))
    try:
        target = root / "d" / path
        target.parent.mkdir(parents=True)
        target.write_bytes(content)
        write_manifest(root / "d", "fuzz")
        report = run_ingest(root / "store", root / "d")
        result = next(f for f in report.files if f.path == path)
        assert result.status in ("loaded", "rejected")
        if result.status == "rejected":
            assert result.reason and "\n" not in result.reason
        else:
            assert result.read == result.loaded + result.quarantined + result.duplicates
    finally:
        shutil.rmtree(root)


def _csv_bytes(body: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(YTELSER.column_names)
    writer.writerows(body)
    return buffer.getvalue().encode("utf-8")


@FUZZ
@given(body=rows)
def test_fuzzed_csv_rows(body: list[list[str]]) -> None:
    _ingest(YTELSER.path, _csv_bytes(body))


@FUZZ
@given(content=st.binary(max_size=200))
def test_fuzzed_csv_bytes(content: bytes) -> None:
    _ingest(YTELSER.path, b"record_id,person_id,benefit,from_date\n" + content)


@FUZZ
@given(elements=st.lists(st.one_of(unit, json_value), max_size=5), cut=st.integers(0, 400))
def test_fuzzed_json_array(elements: list[object], cut: int) -> None:
    text = json.dumps(elements, ensure_ascii=False).encode("utf-8")
    _ingest("brreg/enheter.json", text[: max(cut, 1)] if cut < 40 else text)


@FUZZ
@given(lines=st.lists(json_value, max_size=5))
def test_fuzzed_roles_lines(lines: list[object]) -> None:
    content = "\n".join(json.dumps(v) for v in lines).encode("utf-8")
    _ingest("brreg/roller.jsonl", content)


def test_roles_line_that_garbles_the_database_error_is_rejected_whole() -> None:
    # Found by the fuzzer: DuckDB cut its error message inside a multi-byte character.
    line = [None, [], {"\U00010000": None, "\U00010001": None, "0\x1f\x80\x80": None}]
    _ingest("brreg/roller.jsonl", json.dumps(line).encode("utf-8"))
