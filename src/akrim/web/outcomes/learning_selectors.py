"""Reads of case results for the analysis: each case with recorded results as a plain
`CaseOutcome`, and every case subject to track, for ``akrim analyse`` to take to the store."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch

from akrim.domain.outcomes import CaseOutcome, TrackedSubject
from akrim.web.cases.models import Case, CaseSubject, MeasureResult

# A result counts as a confirmed breach when an agency reacted or found money owed.
BREACH_COUNTS = ("orders", "stop_orders", "fines", "police_reports")
BREACH_AMOUNTS = (
    "fines_amount",
    "tax_claims_amount",
    "wrongful_benefits_amount",
    "assets_seized_amount",
)


def result_confirms_breach(result: MeasureResult) -> bool:
    """The agency's own yes or no when it gave one, else whether it reacted or found money."""
    if result.breach_confirmed is not None:
        return bool(result.breach_confirmed)
    return any(getattr(result, f) > 0 for f in BREACH_COUNTS) or any(
        getattr(result, f) > 0 for f in BREACH_AMOUNTS
    )


def case_outcomes() -> list[CaseOutcome]:
    """One outcome per case with at least one recorded result, oldest case first."""
    results = MeasureResult.objects.select_related("measure").order_by("measure__case_id", "pk")
    by_case: dict[int, list[MeasureResult]] = defaultdict(list)
    for result in results:
        by_case[result.measure.case_id].append(result)
    cases = Case.objects.filter(pk__in=by_case).prefetch_related(
        Prefetch("subjects", queryset=CaseSubject.objects.order_by("subject"))
    )
    outcomes = []
    for case in cases.order_by("pk"):
        subjects = tuple(s.subject for s in case.subjects.all())
        if not subjects:
            continue
        outcomes.append(_outcome(case, subjects, by_case[case.pk]))
    return outcomes


def _total(results: list[MeasureResult], field: str) -> Decimal:
    return sum((Decimal(getattr(r, field)) for r in results), Decimal(0))


def _outcome(case: Case, subjects: tuple[str, ...], results: list[MeasureResult]) -> CaseOutcome:
    return CaseOutcome(
        case_id=str(case.pk),
        subjects=subjects,
        measure_kinds=tuple(sorted({r.measure.kind for r in results})),
        breach_confirmed=any(result_confirms_breach(r) for r in results),
        decided_on=max(r.recorded_at for r in results).date(),
        centre=case.centre,
        fines_nok=_total(results, "fines_amount"),
        tax_claims_nok=_total(results, "tax_claims_amount"),
        wrongful_benefits_nok=_total(results, "wrongful_benefits_amount"),
        assets_seized_nok=_total(results, "assets_seized_amount"),
        police_reports=int(_total(results, "police_reports")),
    )


def tracked_subjects() -> list[TrackedSubject]:
    """Every subject of every case: their scores are kept run by run for evaluation."""
    return [
        TrackedSubject(case_id=str(case_id), subject=subject)
        for case_id, subject in CaseSubject.objects.order_by("case_id", "subject").values_list(
            "case_id", "subject"
        )
    ]
