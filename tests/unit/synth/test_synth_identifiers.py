"""Vectorised synthetic person numbers follow the domain's rules and never repeat."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akrim.domain.identifiers import PersonId, parse_person_id
from akrim.synth import calendar as cal
from akrim.synth.world import synthetic_person_numbers


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 3000))
def test_numbers_are_valid_unique_and_carry_birth_sex_and_kind(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    # few birth dates, so that many persons share one and uniqueness is really tested
    birth = rng.integers(cal.day("1950-01-01"), cal.day("1950-01-20"), n).astype(np.int32)
    birth[: n // 3] = rng.integers(cal.day("2001-01-01"), cal.day("2001-01-05"), n // 3)
    male = rng.random(n) < 0.5
    dnr = rng.random(n) < 0.3
    numbers = synthetic_person_numbers(rng, birth, male, dnr)
    assert len(set(numbers.tolist())) == n
    for i, v in enumerate(numbers):
        parsed = parse_person_id(f"{int(v):011d}")
        assert isinstance(parsed, PersonId)
        assert parsed.form.is_synthetic
        assert parsed.form.is_dnumber == bool(dnr[i])
        assert parsed.birth_date == cal.date_of(int(birth[i]))
        assert parsed.sex == ("M" if male[i] else "F")


def test_an_exhausted_birth_date_is_an_error_not_an_endless_loop() -> None:
    rng = np.random.default_rng(1)
    n = 400  # more than the ~250 valid numbers one sex has on one date
    birth = np.full(n, cal.day("1975-06-01"), dtype=np.int32)
    with pytest.raises(RuntimeError, match="no free person numbers"):
        synthetic_person_numbers(rng, birth, np.ones(n, dtype=bool), np.zeros(n, dtype=bool))
