"""Days as integers (days since 1970-01-01) and their ISO strings, for fast vectorised dates."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

EPOCH = dt.date(1970, 1, 1)


def day(iso: str) -> int:
    return (dt.date.fromisoformat(iso) - EPOCH).days


def day_of(date: dt.date) -> int:
    return (date - EPOCH).days


@lru_cache(maxsize=1 << 17)
def iso(d: int) -> str:
    return (EPOCH + dt.timedelta(days=int(d))).isoformat()


def date_of(d: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(d))


def month_start(month: str) -> int:
    return day(month + "-01")


def month_end(month: str) -> int:
    y, m = int(month[:4]), int(month[5:7])
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return day_of(nxt) - 1


def add_years(d: int, years: int) -> int:
    date = date_of(d)
    try:
        return day_of(date.replace(year=date.year + years))
    except ValueError:  # 29 February
        return day_of(date.replace(year=date.year + years, day=28))
