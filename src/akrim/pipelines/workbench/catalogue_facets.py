"""What the priorities filters offer, taken from the indicator catalogue: typologies, indicators
and the agencies whose registers an indicator reads (its agency of origin)."""

from __future__ import annotations

from functools import cache

from akrim.domain.indicators.catalogue import Catalogue, Indicator, load_catalogue
from akrim.domain.registers import BY_PATH, Classification


@cache
def catalogue() -> Catalogue:
    return load_catalogue()


def origin_agencies(indicator: Indicator) -> tuple[str, ...]:
    """The agencies whose confidential registers the indicator reads (the open registers'
    keeper when it reads open registers only)."""
    files = [BY_PATH[path] for path in indicator.registers]
    closed = sorted({f.agency for f in files if f.classification is not Classification.OPEN})
    return tuple(closed) or tuple(sorted({f.agency for f in files}))


def indicator_codes(*, typology: str = "", agency: str = "", indicator: str = "") -> set[str]:
    """The indicator codes a filter admits; every code when no filter is set."""
    found = set()
    for item in catalogue().indicators:
        if typology and item.typology != typology:
            continue
        if agency and agency not in origin_agencies(item):
            continue
        if indicator and item.code != indicator:
            continue
        found.add(item.code)
    return found


def typologies() -> dict[str, str]:
    return dict(catalogue().typologies)


def indicators() -> dict[str, str]:
    return {i.code: i.name for i in catalogue().indicators}


def agencies() -> tuple[str, ...]:
    return tuple(sorted({a for i in catalogue().indicators for a in origin_agencies(i)}))


def indicator(code: str) -> Indicator | None:
    try:
        return catalogue().get(code)
    except KeyError:
        return None
