"""Which counties each a-krim centre covers, so that a centre sees its own region's actors.

A company's region is the county of its business address in the central coordinating
register (the first two digits of the municipality number; the postal address when the
business address has none). The eight centres and the local cooperations split the
country as below (county numbers of the 2024 reform); a deployment that draws the lines
differently changes this table.
"""

from __future__ import annotations

CENTRE_COUNTIES: dict[str, tuple[str, ...]] = {
    "oslo": ("03", "31", "32", "34"),  # Oslo; Follo/Romerike/Østfold and Innlandet cooperations
    "tonsberg": ("33", "39", "40"),  # Buskerud, Vestfold, Telemark
    "kristiansand": ("42",),  # Agder
    "stavanger": ("11",),  # Rogaland
    "bergen": ("46",),  # Vestland
    "trondheim": ("50", "15"),  # Trøndelag; Møre og Romsdal cooperation
    "bodo": ("18",),  # Nordland
    "alta": ("55", "56"),  # Troms, Finnmark
}


def _key(centre: str) -> str:
    return centre.strip().lower().replace("ø", "o").replace("å", "a")


def centre_counties(centre: str | None) -> tuple[str, ...] | None:
    """The counties a centre covers; None for national users (no centre) and unknown centres
    raise, so that a typo in a user's centre never shows the whole country silently."""
    if not centre:
        return None
    try:
        return CENTRE_COUNTIES[_key(centre)]
    except KeyError:
        known = ", ".join(CENTRE_COUNTIES)
        raise ValueError(f"unknown centre {centre!r}; known centres: {known}") from None
