"""Reads on cases, including the view of a case that the sharing policy needs."""

from __future__ import annotations

from akrim.domain.access import CaseContext
from akrim.web.cases.models import Case


def case_get(*, case_id: int | str) -> Case:
    try:
        return Case.objects.get(pk=int(case_id))
    except (Case.DoesNotExist, ValueError):
        raise LookupError(f"no case {case_id!r}") from None


def case_context(*, case: Case) -> CaseContext:
    return CaseContext(
        case_id=str(case.pk),
        state=str(case.state),
        centre=case.centre or None,
        subjects=frozenset(case.subjects.values_list("subject", flat=True)),
        agencies=frozenset(case.agencies),
        has_proportionality_note=case.proportionality_notes.exists(),
    )
