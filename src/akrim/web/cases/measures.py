"""Writes of the control group and the agencies: plan measures and coordinated actions, move
measures through their states, record results, evaluate the case. One transaction each,
with its audit event."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from akrim.domain import case_workflow as wf
from akrim.domain.audit_events import (
    CaseEvaluated,
    CoordinatedActionPlanned,
    MeasureChanged,
    MeasurePlanned,
    MeasureResultRecorded,
)
from akrim.web.accounts.models import User
from akrim.web.audit.services import audit_record
from akrim.web.cases.models import Case, CaseEvaluation, CoordinatedAction, Measure, MeasureResult
from akrim.web.cases.services import WorkflowRefused, case_transition_recording
from akrim.web.sharing.policy import current_policy, require


def _require_state(case: Case, states: frozenset[wf.CaseState], doing: str) -> None:
    if case.state not in states:
        allowed = ", ".join(sorted(states))
        raise ValueError(f"case {case.pk} is {case.state}: {doing} only when {allowed}")


def _known_agency(agency: str) -> str:
    policy = current_policy()
    if agency not in policy.senders | policy.receivers:
        known = ", ".join(sorted(policy.senders | policy.receivers))
        raise ValueError(f"unknown agency {agency!r}; one of: {known}")
    return agency


def coordinated_action_create(
    *, user: User, case: Case, title: str, on: date, place: str
) -> CoordinatedAction:
    """A date and place where several agencies act together; measures join it when planned."""
    require(user.actor(), "case.plan_measures")
    _require_state(case, wf.PLANNING_STATES, "plan coordinated actions")
    if not title.strip() or not place.strip():
        raise ValueError("a coordinated action needs a title and a place")
    with transaction.atomic():
        action = CoordinatedAction.objects.create(
            case=case, title=title.strip(), date=on, place=place.strip(), created_by=user
        )
        audit_record(
            CoordinatedActionPlanned(
                actor=user.username,
                agency=user.agency,
                case_id=str(case.pk),
                coordinated_action_id=action.pk,
                date=on.isoformat(),
                place=action.place,
            )
        )
    return action


def measure_plan(
    *,
    user: User,
    case: Case,
    kind: str,
    agency: str,
    due_date: date | None,
    description: str = "",
    owner: User | None = None,
    languages: Sequence[str] = (),
    coordinated_action: CoordinatedAction | None = None,
) -> Measure:
    """Plan a measure owned by an agency; that agency takes part in the case from now on."""
    require(user.actor(), "case.plan_measures")
    _require_state(case, wf.PLANNING_STATES, "plan measures")
    kind = wf.MeasureKind(kind)
    _known_agency(agency)
    if owner is not None and owner.agency != agency:
        raise ValueError(f"the owner of a measure works for its agency ({agency})")
    if coordinated_action is not None and coordinated_action.case_id != case.pk:
        raise ValueError("the coordinated action belongs to another case")
    with transaction.atomic():
        measure = Measure.objects.create(
            case=case,
            kind=kind,
            agency=agency,
            description=description,
            languages=list(languages),
            owner=owner,
            due_date=due_date,
            coordinated_action=coordinated_action,
            created_by=user,
        )
        if agency not in case.agencies:
            case.agencies = sorted({*case.agencies, agency})
            case.save(update_fields=["agencies"])
        audit_record(
            MeasurePlanned(
                actor=user.username,
                agency=user.agency,
                case_id=str(case.pk),
                measure_id=measure.pk,
                kind=kind,
                measure_agency=agency,
                due_date=due_date.isoformat() if due_date else "",
            )
        )
    return measure


def measure_move(*, user: User, measure: Measure, to: str) -> Measure:
    """Start, finish or cancel a measure: the control group, or the owning agency's people."""
    target = wf.MeasureState(to)
    source = wf.MeasureState(measure.state)
    if not wf.may_move_measure(source, target):
        raise ValueError(f"a {source} measure cannot become {target}")
    _require_mover(user, measure)
    if target in (wf.MeasureState.UNDER_WAY, wf.MeasureState.DONE):
        _require_state(measure.case, frozenset({wf.CaseState.MEASURES_UNDER_WAY}), "run measures")
    with transaction.atomic():
        measure.state = target
        measure.state_changed_at = timezone.now()
        if target is wf.MeasureState.DONE:
            measure.done_on = timezone.localdate()
        measure.save(update_fields=["state", "state_changed_at", "done_on"])
        audit_record(
            MeasureChanged(
                actor=user.username,
                agency=user.agency,
                case_id=str(measure.case_id),
                measure_id=measure.pk,
                from_state=source,
                to_state=target,
            )
        )
    return measure


def _require_mover(user: User, measure: Measure) -> None:
    policy = current_policy()
    actor = user.actor()
    if policy.may(actor, "case.plan_measures").allowed:
        return
    verdict = wf.may_record_result(policy, actor, measure.agency)
    if not verdict.allowed:
        raise WorkflowRefused(verdict)


@dataclass(frozen=True)
class ResultFigures:
    """What a measure achieved; amounts in kroner."""

    findings: str = ""
    breach_confirmed: bool | None = None
    orders: int = 0
    stop_orders: int = 0
    fines: int = 0
    fines_amount: Decimal = Decimal(0)
    tax_claims_amount: Decimal = Decimal(0)
    wrongful_benefits_amount: Decimal = Decimal(0)
    police_reports: int = 0
    assets_seized_amount: Decimal = Decimal(0)
    enterprises_rectified: int = 0
    employees_affected: int = 0
    workers_informed: int = 0
    inspections: int = 0

    def checked(self) -> ResultFigures:
        for name, value in asdict(self).items():
            if isinstance(value, int | Decimal) and not isinstance(value, bool) and value < 0:
                raise ValueError(f"{name} cannot be negative")
        return self


def measure_result_record(
    *,
    user: User,
    measure: Measure,
    figures: ResultFigures,
    reporting_year: int | None = None,
    mark_done: bool = True,
) -> MeasureResult:
    """The owning agency reports what its measure achieved (and, by default, that it is done)."""
    verdict = wf.may_record_result(current_policy(), user.actor(), measure.agency)
    if not verdict.allowed:
        raise WorkflowRefused(verdict)
    _require_state(measure.case, wf.RESULT_STATES, "record results")
    if measure.state in (wf.MeasureState.PLANNED, wf.MeasureState.CANCELLED):
        raise ValueError(f"measure {measure.pk} is {measure.state}: start it before its results")
    figures = figures.checked()
    values = asdict(figures)
    with transaction.atomic():
        result = MeasureResult.objects.create(
            measure=measure,
            agency=measure.agency,
            centre=measure.case.centre,
            reporting_year=reporting_year or timezone.localdate().year,
            recorded_by=user,
            **values,
        )
        audit_record(
            MeasureResultRecorded(
                actor=user.username,
                agency=user.agency,
                case_id=str(measure.case_id),
                measure_id=measure.pk,
                result_id=result.pk,
                reporting_year=result.reporting_year,
            )
        )
        if mark_done and measure.state == wf.MeasureState.UNDER_WAY:
            measure_move(user=user, measure=measure, to=wf.MeasureState.DONE)
    return result


def case_evaluate(
    *,
    user: User,
    case: Case,
    summary: str,
    effects: Mapping[int, str],
    notes: Mapping[int, str] | None = None,
) -> CaseEvaluation:
    """Per case, which measures worked: every done measure gets a verdict, then the case
    moves to evaluated (the transition checks the role)."""
    if not summary.strip():
        raise ValueError("an evaluation needs a summary")
    done = list(case.measures.filter(state=wf.MeasureState.DONE))
    missing = [m.pk for m in done if m.pk not in effects]
    if missing:
        raise ValueError(f"give a verdict for every done measure (missing: {missing})")
    with transaction.atomic():
        case_transition_recording(
            user=user, case=case, name="evaluate", reason=summary, record="evaluation"
        )
        for measure in done:
            measure.effect = wf.MeasureEffect(effects[measure.pk])
            measure.effect_note = (notes or {}).get(measure.pk, "")
            measure.save(update_fields=["effect", "effect_note"])
        evaluation = CaseEvaluation.objects.create(
            case=case, summary=summary.strip(), evaluated_by=user
        )
        audit_record(
            CaseEvaluated(
                actor=user.username,
                agency=user.agency,
                case_id=str(case.pk),
                effects=tuple((m.pk, m.effect) for m in done),
            )
        )
    return evaluation
