"""Identifier rules: generated numbers validate, single-digit errors are caught, forms parse."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given
from hypothesis import strategies as st

from akrim.domain.identifiers import (
    PersonId,
    PersonIdForm,
    account_problem,
    is_valid_orgnr,
    make_account,
    make_person_id,
    orgnr_problem,
    parse_person_id,
    person_id_problem,
    random_orgnr,
)

births = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2039, 12, 31))


def test_known_orgnr() -> None:
    assert is_valid_orgnr("924202467")
    assert orgnr_problem("924202468") == "bad check digit"
    assert orgnr_problem("92420246") == "not 9 digits"
    assert orgnr_problem("92420246x") == "not 9 digits"
    assert orgnr_problem("９２４２０２４６７") == "not 9 digits"  # full-width digits


@given(st.integers(min_value=0))
def test_random_orgnr_is_valid(seed: int) -> None:
    assert is_valid_orgnr(random_orgnr(random.Random(seed)))


@given(
    st.integers(min_value=0),
    st.integers(min_value=0, max_value=8),
    st.integers(min_value=1, max_value=9),
)
def test_orgnr_single_digit_error_is_caught(seed: int, pos: int, delta: int) -> None:
    number = random_orgnr(random.Random(seed))
    changed = number[:pos] + str((int(number[pos]) + delta) % 10) + number[pos + 1 :]
    assert not is_valid_orgnr(changed)


@given(births, st.sampled_from("MF"), st.booleans(), st.booleans(), st.integers(0))
def test_person_id_roundtrip(
    birth: dt.date, sex: str, dnumber: bool, synthetic: bool, seed: int
) -> None:
    value = make_person_id(random.Random(seed), birth, sex, dnumber=dnumber, synthetic=synthetic)
    parsed = parse_person_id(value)
    assert isinstance(parsed, PersonId)
    assert parsed.birth_date == birth
    assert parsed.sex == sex
    assert parsed.form.is_dnumber == dnumber
    assert parsed.form.is_synthetic == synthetic


@given(
    births,
    st.integers(0),
    st.integers(min_value=0, max_value=10),
    st.integers(min_value=1, max_value=9),
)
def test_person_id_single_digit_error_is_caught(
    birth: dt.date, seed: int, pos: int, delta: int
) -> None:
    value = make_person_id(random.Random(seed), birth, "F")
    changed = value[:pos] + str((int(value[pos]) + delta) % 10) + value[pos + 1 :]
    assert person_id_problem(changed) is not None


def test_person_id_forms() -> None:
    rng = random.Random(1)
    born = dt.date(1985, 4, 2)
    assert parse_person_id(make_person_id(rng, born, "M", synthetic=False)).form == PersonIdForm.FNR  # type: ignore[union-attr]
    dnr = make_person_id(rng, born, "M", dnumber=True, synthetic=False)
    assert dnr.startswith("42")
    assert parse_person_id(dnr).form == PersonIdForm.DNR  # type: ignore[union-attr]
    syn = make_person_id(rng, born, "M")
    assert syn[2:4] == "84"
    assert parse_person_id(syn).form == PersonIdForm.FNR_SYNTHETIC  # type: ignore[union-attr]


def test_person_id_rejections() -> None:
    assert person_id_problem("123") == "not 11 digits"
    assert person_id_problem("3102851234x") == "not 11 digits"


@given(st.integers(min_value=0, max_value=10**10 - 1))
def test_account_numbers(body: int) -> None:
    number = make_account(f"{body:010d}")
    if number is not None:
        assert account_problem(number) is None
