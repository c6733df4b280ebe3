"""How big each named synthetic labour market is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Size:
    name: str
    units: int  # legal units in the central register (all statuses)
    persons: int  # persons the registers know of
    nonresident_share: float  # share of persons who are non-resident workers
    inspections_per_year: int
    posted_contracts: int  # contracts with foreign contractors (RF-1199)
    roadside_checks: int
    tips_per_year: int
    min_actors_per_typology: int


SIZES: dict[str, Size] = {
    "tiny": Size("tiny", 300, 2_400, 0.07, 40, 12, 30, 25, 1),
    "small": Size("small", 5_000, 40_000, 0.057, 450, 150, 300, 300, 1),
    "medium": Size("medium", 50_000, 400_000, 0.057, 2_500, 1_500, 3_000, 1_500, 1),
    "norway": Size("norway", 1_100_000, 3_000_000, 0.057, 13_000, 16_000, 40_000, 9_000, 1),
}
ACTIVE_SHARE = 0.31  # active enterprises among registered units (≈340k of ≈1.1M)
