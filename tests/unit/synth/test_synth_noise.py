"""Recording noise and foreign identifiers behave as documented."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given
from hypothesis import strategies as st

from akrim.synth import calendar as cal
from akrim.synth.noise import PROFILES, Profile, ascii_fold, record
from akrim.synth.origins import ORIGINS, foreign_company_no, national_id


def test_ascii_fold_drops_diacritics_as_a_plain_keyboard_would() -> None:
    assert ascii_fold("Łukasz Wiśniewski") == "Lukasz Wisniewski"
    assert ascii_fold("Žydrūnas Šukys") == "Zydrunas Sukys"
    assert ascii_fold("Bjørn Ødegård Ærø") == "Bjorn Odegard AEro"
    assert ascii_fold("Ștefan Țurcanu") == "Stefan Turcanu"


def test_population_register_records_exactly() -> None:
    rng = random.Random(1)
    r = record(rng, PROFILES["folkeregister"], "Jūratė", "", "Kazlauskienė", cal.day("1990-03-04"))
    assert (r.first, r.last, r.birth, r.drop_pid) == ("Jūratė", "Kazlauskienė", "1990-03-04", False)


def test_noisy_profile_changes_names_sometimes_and_keeps_dates_valid() -> None:
    rng = random.Random(3)
    noisy = Profile(fold=0.5, upper=0.5, surname_first=0.5, typo=0.5, swap_day_month=1.0)
    seen = set()
    for _ in range(200):
        r = record(rng, noisy, "Paweł", "", "Wójcik", cal.day("1985-05-09"))
        dt.date.fromisoformat(r.birth)
        seen.add((r.first, r.last, r.birth))
    assert len(seen) > 10
    assert any(b == "1985-09-05" for _f, _l, b in seen)


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2008, 12, 31)), st.booleans())
def test_pesel_check_digit(birth: dt.date, male: bool) -> None:
    pesel = national_id(random.Random(birth.toordinal()), "PL", birth, male)
    assert pesel is not None and len(pesel) == 11
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    check = (10 - sum(int(d) * w for d, w in zip(pesel, weights, strict=False)) % 10) % 10
    assert int(pesel[10]) == check
    assert (int(pesel[9]) % 2 == 1) == male


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2008, 12, 31)))
def test_lithuanian_and_romanian_numbers_carry_the_birth_date(birth: dt.date) -> None:
    lt = national_id(random.Random(1), "LT", birth, True)
    ro = national_id(random.Random(1), "RO", birth, False)
    assert lt is not None and lt[1:7] == birth.strftime("%y%m%d") and len(lt) == 11
    assert ro is not None and ro[1:7] == birth.strftime("%y%m%d") and len(ro) == 13


def test_every_origin_has_names_of_both_sexes_and_company_numbers() -> None:
    rng = random.Random(5)
    for code, origin in ORIGINS.items():
        assert origin.male and origin.female and origin.surnames, code
        assert foreign_company_no(rng, code)
