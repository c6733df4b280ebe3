"""Recording noise: how each register writes down a person it did not register itself.

Each register has a profile (how often it drops diacritics, writes upper case, puts the
surname first, drops the middle name, makes a typo, swaps day and month, leaves out the
Norwegian number). The population register itself records names exactly.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from akrim.synth import calendar as cal

_FOLD = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss"}
)


def ascii_fold(text: str) -> str:
    """Drop diacritics the way a keyboard without them would (ł -> l, ø -> o, ą -> a)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True, slots=True)
class Profile:
    fold: float = 0.0
    upper: float = 0.0
    surname_first: float = 0.0
    drop_middle: float = 0.0
    typo: float = 0.0
    swap_day_month: float = 0.0
    drop_pid: float = 0.0
    middle_in_first: float = 0.0  # writes "Jan Erik" as the first name


PROFILES: dict[str, Profile] = {
    "folkeregister": Profile(),
    "roller": Profile(drop_middle=0.15, typo=0.003),
    "a_melding": Profile(
        fold=0.25,
        upper=0.05,
        drop_middle=0.5,
        typo=0.015,
        swap_day_month=0.004,
        middle_in_first=0.5,
    ),
    "utsendte": Profile(
        fold=0.45,
        upper=0.15,
        surname_first=0.06,
        drop_middle=0.6,
        typo=0.03,
        swap_day_month=0.02,
        middle_in_first=0.2,
    ),
    "tilsyn": Profile(
        fold=0.55,
        upper=0.12,
        surname_first=0.1,
        drop_middle=0.8,
        typo=0.07,
        swap_day_month=0.03,
        drop_pid=0.45,
    ),
    "hms": Profile(fold=0.2, upper=0.35, drop_middle=0.4, typo=0.01, middle_in_first=0.4),
    "forerkort": Profile(fold=0.1, drop_middle=0.2, typo=0.005, middle_in_first=0.5),
    "utekontroll": Profile(
        fold=0.5,
        upper=0.3,
        surname_first=0.08,
        drop_middle=0.8,
        typo=0.05,
        swap_day_month=0.02,
        drop_pid=0.3,
    ),
    "politi": Profile(
        fold=0.1, upper=0.4, surname_first=0.5, drop_middle=0.3, typo=0.01, drop_pid=0.15
    ),
    "bank": Profile(
        fold=0.3, upper=0.5, surname_first=0.2, drop_middle=0.5, typo=0.01, drop_pid=0.4
    ),
}


def typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.random()
    if kind < 0.35:
        return text[:i] + text[i + 1 :]
    if kind < 0.7:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice("aeinorstl") + text[i + 1 :]


@dataclass(slots=True)
class Recorded:
    first: str
    middle: str
    last: str
    birth: str
    drop_pid: bool

    @property
    def full(self) -> str:
        return " ".join(x for x in (self.first, self.middle, self.last) if x)


def record(
    rng: random.Random, profile: Profile, first: str, middle: str, last: str, birth: int
) -> Recorded:
    """One register's recording of a person's name and birth date."""
    r = rng.random
    if middle and r() < profile.drop_middle:
        middle = ""
    if middle and r() < profile.middle_in_first:
        first, middle = f"{first} {middle}", ""
    if r() < profile.typo:
        if r() < 0.5:
            last = typo(rng, last)
        else:
            first = typo(rng, first)
    if r() < profile.fold:
        first, middle, last = ascii_fold(first), ascii_fold(middle), ascii_fold(last)
    if r() < profile.upper:
        first, middle, last = first.upper(), middle.upper(), last.upper()
    if r() < profile.surname_first:
        first, last = last, first
    birth_iso = cal.iso(birth)
    if r() < profile.swap_day_month:
        y, m, d = birth_iso.split("-")
        if int(d) <= 12 and d != m:
            birth_iso = f"{y}-{d}-{m}"
    return Recorded(first, middle, last, birth_iso, r() < profile.drop_pid)
