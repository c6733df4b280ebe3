"""Scores as values: a score is the sum of its contributions, each naming the indicator that
fired and the source records behind it, and it records the catalogue version that produced it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, order=True)
class Evidence:
    """One source record behind a contribution: the key of every fact the platform keeps."""

    source_file: str
    record_id: str


@dataclass(frozen=True, slots=True)
class Contribution:
    indicator: str
    points: float
    evidence: tuple[Evidence, ...] = ()
    subject: str = ""  # the company (or person) the indicator fired on, for network scores

    def __post_init__(self) -> None:
        if self.points < 0:
            raise ValueError(f"{self.indicator}: points must be non-negative, got {self.points}")


@dataclass(frozen=True, slots=True)
class Score:
    """The priority of a subject (company or network): higher means higher priority."""

    subject: str
    catalogue_version: str
    contributions: tuple[Contribution, ...] = field(default=())

    @property
    def total(self) -> float:
        return sum(c.points for c in self.contributions)

    def indicators(self, limit: int | None = None) -> tuple[str, ...]:
        """Indicator codes, strongest first (ties by code), each once."""
        points: dict[str, float] = {}
        for c in self.contributions:
            points[c.indicator] = points.get(c.indicator, 0.0) + c.points
        ranked = sorted(points, key=lambda code: (-points[code], code))
        return tuple(ranked[:limit] if limit is not None else ranked)

    def evidence(self) -> tuple[Evidence, ...]:
        return tuple(sorted({e for c in self.contributions for e in c.evidence}))
