"""Reads on cases: one case, the lists and overdue alerts, the view of a case that the
sharing policy needs, and the facts the workflow decides on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from akrim.domain import case_workflow as wf
from akrim.domain.access import CaseContext
from akrim.web.accounts.models import User
from akrim.web.cases.models import Case, Measure, Report
from akrim.web.sharing.policy import current_policy


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


def case_involved(*, case: Case) -> frozenset[str]:
    """Usernames of whoever opened, owns, wrote or submitted a report on the case."""
    names = {case.opened_by.username}
    if case.owner is not None:
        names.add(case.owner.username)
    for authored, submitted in case.reports.values_list(
        "authored_by__username", "submitted_by__username"
    ):
        names.update(n for n in (authored, submitted) if n)
    return frozenset(names)


def case_facts(*, case: Case, reason: str = "") -> wf.CaseFacts:
    measures = list(case.measures.annotate(n_results=Count("results")))
    settled = all(
        m.state == wf.MeasureState.CANCELLED or (m.state == wf.MeasureState.DONE and m.n_results)
        for m in measures
    )
    return wf.CaseFacts(
        state=wf.CaseState(case.state),
        involved=case_involved(case=case),
        has_report=case.reports.exists(),
        measures=len(measures),
        measures_settled=bool(measures) and settled,
        reason=reason,
    )


def report_current(*, case: Case) -> Report | None:
    return case.reports.order_by("-version").first()


def case_transitions_for(*, case: Case, user: User) -> list[tuple[wf.Transition, wf.Verdict]]:
    """The transitions from the case's state, each with whether this user may make it now
    (reasons aside from a missing reason text, which the form asks for)."""
    facts = case_facts(case=case, reason="(asked on the form)")
    return [
        (t, wf.decide(current_policy(), user.actor(), facts, t.name))
        for t in wf.transitions_from(wf.CaseState(case.state))
    ]


ACTIVE = "active"  # the state filter for every state still being worked on


@dataclass(frozen=True)
class CaseFilter:
    state: str = ""
    source: str = ""
    owner: str = ""  # a username, or "me"
    agency: str = ""
    overdue: bool = False
    q: str = ""


def case_list(*, user: User, filters: CaseFilter, today: date | None = None) -> QuerySet[Case]:
    """Cases the user may see (their centre; national users every centre), filtered."""
    today = today or timezone.localdate()
    cases = Case.objects.select_related("owner", "opened_by").annotate(
        n_subjects=Count("subjects", distinct=True),
        n_overdue_measures=Count(
            "measures",
            filter=Q(
                measures__due_date__lt=today,
                measures__state__in=[s.value for s in wf.ACTIVE_MEASURE_STATES],
            ),
            distinct=True,
        ),
    )
    if user.centre:
        cases = cases.filter(centre=user.centre)
    if filters.state == ACTIVE:
        cases = cases.filter(state__in=[s.value for s in wf.ACTIVE_STATES])
    elif filters.state:
        cases = cases.filter(state=filters.state)
    if filters.source:
        cases = cases.filter(source=filters.source)
    if filters.owner:
        owner = user.username if filters.owner == "me" else filters.owner
        cases = cases.filter(owner__username=owner)
    if filters.agency:
        cases = cases.filter(agencies__icontains=f'"{filters.agency}"')
    if filters.q:
        cases = cases.filter(Q(title__icontains=filters.q) | Q(subjects__subject=filters.q))
    if filters.overdue:
        cases = cases.filter(_overdue_case_q(today) | Q(n_overdue_measures__gt=0))
    return cases.distinct().order_by("-opened_at")


def _overdue_case_q(today: date) -> Q:
    return Q(due_date__lt=today, state__in=[s.value for s in wf.ACTIVE_STATES])


def overdue_cases(*, centre: str = "", today: date | None = None) -> QuerySet[Case]:
    today = today or timezone.localdate()
    cases = Case.objects.filter(_overdue_case_q(today)).select_related("owner")
    return (cases.filter(centre=centre) if centre else cases).order_by("due_date", "pk")


def overdue_measures(*, centre: str = "", today: date | None = None) -> QuerySet[Measure]:
    today = today or timezone.localdate()
    measures = Measure.objects.filter(
        due_date__lt=today, state__in=[s.value for s in wf.ACTIVE_MEASURE_STATES]
    ).select_related("case", "owner")
    if centre:
        measures = measures.filter(case__centre=centre)
    return measures.order_by("due_date", "pk")
