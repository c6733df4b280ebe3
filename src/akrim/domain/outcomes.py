"""Case outcomes as the analysis sees them: what a finished measure found about a case's
subjects, handed from the operational database to ``akrim analyse`` as plain values.

The operational database (cases, measures, results) lives in the web application; the analysis
pipeline must not import it. The command line collects these values there and passes them on,
and the pipeline keeps them in the store (schema ``feedback``) for the learning step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class CaseOutcome:
    """The recorded results of one case's measures, summed, for its subjects.

    ``breach_confirmed`` is True when a result found a breach (an order, a stop order, a fine,
    a police report, a tax claim, wrongful benefits or seized assets), False when the measures
    were carried out and found nothing. Cases without any recorded result give no outcome."""

    case_id: str
    subjects: tuple[str, ...]
    measure_kinds: tuple[str, ...]
    breach_confirmed: bool
    decided_on: dt.date
    centre: str = ""
    fines_nok: Decimal = Decimal(0)
    tax_claims_nok: Decimal = Decimal(0)
    wrongful_benefits_nok: Decimal = Decimal(0)
    assets_seized_nok: Decimal = Decimal(0)
    police_reports: int = 0

    def __post_init__(self) -> None:
        if not self.case_id:
            raise ValueError("a case outcome names its case")
        if not self.subjects:
            raise ValueError(f"case {self.case_id}: an outcome needs at least one subject")


@dataclass(frozen=True, slots=True)
class TrackedSubject:
    """A subject of a case whose score the analysis keeps from run to run, so that the effect
    of measures on later risk can be measured."""

    case_id: str
    subject: str


@dataclass(frozen=True, slots=True)
class WeightChange:
    """One indicator's learned weight before and after a run (points: 20 double the odds)."""

    indicator: str
    coefficient_before: float | None
    coefficient_after: float | None
    points_before: int | None
    points_after: int | None

    @property
    def changed(self) -> bool:
        return self.points_before != self.points_after or (
            self.coefficient_before is None
            or self.coefficient_after is None
            or abs(self.coefficient_after - self.coefficient_before) > 1e-9
        )
