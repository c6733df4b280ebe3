"""Norwegian identifiers: organisation numbers and person numbers, their check digits and forms.

Rules (public, see docs/input-formats.md):

* organisation number: 9 digits; check digit = 11 - (sum of digits 1-8 weighted
  3 2 7 6 5 4 3 2 mod 11); 11 means 0 and 10 means the number cannot exist.
* person number (fødselsnummer): DDMMYY + 3-digit individual number + 2 check digits.
  K1 weights 3 7 6 1 8 9 4 5 2 over digits 1-9; K2 weights 5 4 3 2 7 6 5 4 3 2 over
  digits 1-10 (K1 included); same mod-11 rule.
* D-number: day + 40. H-number: month + 40. The public synthetic test population
  (Test-Norge) uses month + 80, so no synthetic number can be a real person's.
* the individual number gives the century of birth.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from enum import StrEnum

ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
ACCOUNT_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def mod11_check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    """The mod-11 check digit of ``digits`` under ``weights``; None when it would be 10."""
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=False))
    k = 11 - total % 11
    if k == 11:
        return 0
    if k == 10:
        return None
    return k


# ------------------------------------------------------------------ organisation numbers


def orgnr_problem(value: str) -> str | None:
    """Why ``value`` is not a valid organisation number, or None when it is."""
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        return "not 9 digits"
    k = mod11_check_digit(value[:8], ORGNR_WEIGHTS)
    if k is None or k != int(value[8]):
        return "bad check digit"
    return None


def is_valid_orgnr(value: str) -> bool:
    return orgnr_problem(value) is None


def make_orgnr(body8: str) -> str | None:
    """Complete an 8-digit body with its check digit; None when no valid number exists."""
    k = mod11_check_digit(body8, ORGNR_WEIGHTS)
    return None if k is None else body8 + str(k)


def random_orgnr(rng: random.Random) -> str:
    while True:
        number = make_orgnr(rng.choice("89") + f"{rng.randrange(10**7):07d}")
        if number is not None:
            return number


# ------------------------------------------------------------------ person numbers


class PersonIdForm(StrEnum):
    """Which kind of Norwegian person number a valid number is."""

    FNR = "FNR"
    DNR = "DNR"
    HNR = "HNR"
    FNR_SYNTHETIC = "FNR_SYNTHETIC"
    DNR_SYNTHETIC = "DNR_SYNTHETIC"

    @property
    def is_synthetic(self) -> bool:
        return self.value.endswith("_SYNTHETIC")

    @property
    def is_dnumber(self) -> bool:
        return self.value.startswith("DNR")


@dataclass(frozen=True, slots=True)
class PersonId:
    """A parsed, valid Norwegian person number."""

    value: str
    form: PersonIdForm
    birth_date: dt.date

    @property
    def sex(self) -> str:
        """M or F from the ninth digit (a protected attribute: display only)."""
        return "M" if int(self.value[8]) % 2 else "F"


def _century_year(yy: int, individual: int) -> int | None:
    if individual <= 499:
        return 1900 + yy
    if individual <= 749 and yy >= 54:
        return 1800 + yy
    if individual >= 900 and yy >= 40:
        return 1900 + yy
    if individual >= 500 and yy <= 39:
        return 2000 + yy
    return None


def parse_person_id(value: str) -> PersonId | str:
    """A PersonId for a valid number, else a short reason why it is not one."""
    if len(value) != 11 or not value.isascii() or not value.isdigit():
        return "not 11 digits"
    k1 = mod11_check_digit(value[:9], K1_WEIGHTS)
    if k1 is None or k1 != int(value[9]):
        return "bad check digit"
    k2 = mod11_check_digit(value[:10], K2_WEIGHTS)
    if k2 is None or k2 != int(value[10]):
        return "bad check digit"
    day, month, yy = int(value[0:2]), int(value[2:4]), int(value[4:6])
    dnumber = day > 40
    if dnumber:
        day -= 40
    if month > 80:
        month -= 80
        form = PersonIdForm.DNR_SYNTHETIC if dnumber else PersonIdForm.FNR_SYNTHETIC
    elif month > 40:
        if dnumber:
            return "both day and month shifted"
        month -= 40
        form = PersonIdForm.HNR
    else:
        form = PersonIdForm.DNR if dnumber else PersonIdForm.FNR
    year = _century_year(yy, int(value[6:9]))
    if year is None:
        return "individual number does not fit the year"
    try:
        birth = dt.date(year, month, day)
    except ValueError:
        return "no such birth date"
    return PersonId(value, form, birth)


def person_id_problem(value: str) -> str | None:
    parsed = parse_person_id(value)
    return parsed if isinstance(parsed, str) else None


def _individual_range(year: int) -> range:
    if 1900 <= year <= 1999:
        return range(0, 500)
    if 2000 <= year <= 2039:
        return range(500, 1000)
    if 1854 <= year <= 1899:
        return range(500, 750)
    raise ValueError(f"no Norwegian person numbers for birth year {year}")


def make_person_id(
    rng: random.Random,
    birth: dt.date,
    sex: str,
    *,
    dnumber: bool = False,
    synthetic: bool = True,
) -> str:
    """A valid person number for a birth date and sex (M/F); synthetic means month + 80."""
    day = birth.day + (40 if dnumber else 0)
    month = birth.month + (80 if synthetic else 0)
    prefix = f"{day:02d}{month:02d}{birth.year % 100:02d}"
    band = _individual_range(birth.year)
    want_odd = sex == "M"
    while True:
        individual = rng.randrange(band.start, band.stop)
        if (individual % 2 == 1) != want_odd:
            continue
        first9 = f"{prefix}{individual:03d}"
        k1 = mod11_check_digit(first9, K1_WEIGHTS)
        if k1 is None:
            continue
        k2 = mod11_check_digit(first9 + str(k1), K2_WEIGHTS)
        if k2 is None:
            continue
        return f"{first9}{k1}{k2}"


# ------------------------------------------------------------------ bank accounts


def account_problem(value: str) -> str | None:
    """Why ``value`` is not a valid Norwegian 11-digit account number, or None."""
    if len(value) != 11 or not value.isascii() or not value.isdigit():
        return "not 11 digits"
    k = mod11_check_digit(value[:10], ACCOUNT_WEIGHTS)
    if k is None or k != int(value[10]):
        return "bad check digit"
    return None


def make_account(body10: str) -> str | None:
    k = mod11_check_digit(body10, ACCOUNT_WEIGHTS)
    return None if k is None else body10 + str(k)


# ------------------------------------------------------------------ foreign companies


def foreign_company_key(country: str, registration: str) -> str:
    """How a company without a Norwegian org number is written: ``CC:registration``."""
    return f"{country.strip().upper()}:{registration.strip()}"
