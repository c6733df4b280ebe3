"""The SQL row rules say exactly what the Python rules say, for any value (property-based)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akrim.domain.identifiers import make_person_id, random_orgnr
from akrim.domain.registers import Column, ColumnType
from akrim.engines.backend import Backend
from akrim.engines.duckdb_backend import DuckDBBackend
from akrim.engines.ingest.load_sql import valid_form_sql
from akrim.engines.ingest.rules import code_warning, person_id_form, value_problem
from akrim.engines.ingest.rules_sql import (
    bad_rows_sql,
    code_warning_sql,
    numeric_helper,
    numeric_helper_sql,
    person_id_form_sql,
)

CHECKED = (
    ColumnType.ORGNR,
    ColumnType.PERSON_ID,
    ColumnType.DATE,
    ColumnType.MONTH,
    ColumnType.TERM,
    ColumnType.YEAR,
    ColumnType.AMOUNT,
    ColumnType.NUMBER,
    ColumnType.BOOL,
    ColumnType.TEXT,
)


@pytest.fixture(scope="module")
def backend() -> Iterator[Backend]:
    db = DuckDBBackend()
    yield db
    db.close()


def _sql_problem(backend: Backend, column: Column, value: str | None) -> str | None:
    backend.execute(
        "CREATE OR REPLACE TEMP TABLE probe AS SELECT 0 AS _rn, NULL::BIGINT AS _line, "
        f"NULL::VARCHAR AS record_id, nullif(?, '') AS \"{column.name}\"",
        [value],
    )
    rows = backend.rows(f"SELECT rule, value FROM ({bad_rows_sql((column,), 'probe', '_rn')})")
    by_row = bad_rows_sql((column,), "probe", "_rn", frozenset({column.name}))
    assert backend.rows(f"SELECT rule, value FROM ({by_row})") == rows  # judged row by row
    assert len(rows) <= 1
    if rows and rows[0][0] != "required":
        assert rows[0][1] == value  # the raw value goes to quarantine
    return str(rows[0][0]) if rows else None


def _person_ids(seed: int) -> str:
    rng = random.Random(seed)
    birth = dt.date(1854, 1, 1) + dt.timedelta(days=rng.randrange(185 * 365))
    return make_person_id(
        rng, birth, rng.choice("MF"), dnumber=rng.random() < 0.5, synthetic=rng.random() < 0.5
    )


digits = st.text(alphabet="0123456789", min_size=0, max_size=12)
near_valid = st.integers(0, 10**6).map(_person_ids)
mutated = st.tuples(near_valid, st.integers(0, 10), st.sampled_from("0123456789x")).map(
    lambda t: t[0][: t[1]] + t[2] + t[0][t[1] + 1 :]
)
orgnrs = st.integers(0, 10**6).map(lambda s: random_orgnr(random.Random(s)))
dates = st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat)
date_like = st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True)
anything = st.text(max_size=14)
numbers = st.from_regex(r"-?[0-9]{1,18}(\.[0-9]{0,3})?", fullmatch=True)
values = st.one_of(
    digits,
    near_valid,
    mutated,
    orgnrs,
    dates,
    date_like,
    anything,
    numbers,
    st.sampled_from(["2026-T3", "2026-T0", "2026-12", "2026-00", "true", "false", "True", ""]),
    # values the database reads as dates though they are not written YYYY-MM-DD
    st.sampled_from(
        [
            *("infinity", "-infinity", "epoch", "0000-01-01", "2021-01-05 (BC)", " 2021-01-05"),
            *("2021-1-05", "20210105", "10000-01-01", "2021-01-05T00:00", "2021-02-29"),
        ]
    ),
)


@settings(max_examples=200, deadline=None)
@given(type_=st.sampled_from(CHECKED), value=values, required=st.booleans())
def test_sql_and_python_rules_agree(
    backend: Backend, type_: ColumnType, value: str, required: bool
) -> None:
    column = Column("v", type_, required=required)
    assert _sql_problem(backend, column, value) == value_problem(column, value)


@settings(max_examples=150, deadline=None)
@given(value=st.one_of(near_valid, mutated, digits))
def test_sql_and_python_person_number_forms_agree(backend: Backend, value: str) -> None:
    helper = numeric_helper_sql(Column("v", ColumnType.PERSON_ID))
    sql = (
        f"SELECT {person_id_form_sql(numeric_helper('v'))} "
        f"FROM (SELECT {helper} FROM (SELECT nullif(?, '') AS v))"
    )
    assert backend.scalar(sql, [value]) == person_id_form(value)
    if person_id_form(value) is not None:  # as facts are written: the number passed its rule
        written = f"SELECT {valid_form_sql('v')} FROM (SELECT ?::VARCHAR AS v)"
        assert backend.scalar(written, [value]) == person_id_form(value)


@settings(max_examples=200, deadline=None)
@given(
    value=st.one_of(
        st.sampled_from(["DAGPENGER", "AAP", "X", "NO", "no", "DAGPENGER;AAP", "AAP; X"]), anything
    ),
    many=st.booleans(),
)
def test_sql_and_python_code_warnings_agree(backend: Backend, value: str, many: bool) -> None:
    type_ = ColumnType.CODES if many else ColumnType.CODE
    column = Column("v", type_, codes=frozenset({"DAGPENGER", "AAP", "SYKEPENGER"}))
    sql = f"SELECT {code_warning_sql(column)} FROM (SELECT nullif(?, '') AS v)"
    assert bool(backend.scalar(sql, [value])) == code_warning(column, value)


def test_the_written_form_of_each_kind_of_person_number(backend: Backend) -> None:
    """One valid number of each form, found by trying individual numbers and check digits."""
    starts = {"FNR": "150387", "DNR": "550387", "HNR": "154387", "FNR_SYNTHETIC": "158387"}
    starts["DNR_SYNTHETIC"] = "558387"
    for form, birth in starts.items():
        number = next(
            n for n in (f"{birth}{k:05d}" for k in range(100_000)) if person_id_form(n) == form
        )
        written = f"SELECT {valid_form_sql('v')} FROM (SELECT ?::VARCHAR AS v)"
        assert backend.scalar(written, [number]) == form
