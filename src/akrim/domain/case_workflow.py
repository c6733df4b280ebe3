"""The case workflow of the intelligence cycle: states, transitions, who may make each.

A case is nominated, analysed, reported on, decided by the steering group, planned into
measures by the control group, followed through to results, evaluated and closed. Each
transition names the sharing-policy action (``[actions]`` in the policy) whose roles may
make it, so the roles live in one place; the four-eyes rule (nobody approves a case they
opened, own or reported on) and the preconditions on the case's material are decided here
as values. Nothing here touches a database: the case services ask, then record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from akrim.domain.access import Actor, Policy


class CaseState(StrEnum):
    NOMINATED = "nominated"
    IN_ANALYSIS = "in_analysis"
    REPORT_SUBMITTED = "report_submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    CONTROL_PLANNING = "control_planning"
    MEASURES_UNDER_WAY = "measures_under_way"
    RESULTS_RECORDED = "results_recorded"
    EVALUATED = "evaluated"
    CLOSED = "closed"


class CaseSource(StrEnum):
    PRIORITY = "priority"  # a threat actor from the priority list (source_ref = actor id)
    TIP = "tip"  # a tip from the intake (source_ref = tip id)
    MANUAL = "manual"


class MeasureKind(StrEnum):
    JOINT_INSPECTION = "joint_inspection"
    TAX_AUDIT = "tax_audit"
    BENEFIT_REVIEW = "benefit_review"
    LICENCE_OR_ROADSIDE_CONTROL = "licence_or_roadside_control"
    ELECTRICAL_SAFETY_INSPECTION = "electrical_safety_inspection"
    POLICE_INVESTIGATION = "police_investigation"
    ASSET_SEIZURE = "asset_seizure"
    WORKER_INFORMATION = "worker_information"  # information to workers in their language
    CLIENT_NOTICE = "client_notice"  # notice to clients and main contractors


class MeasureState(StrEnum):
    PLANNED = "planned"
    UNDER_WAY = "under_way"
    DONE = "done"
    CANCELLED = "cancelled"


class MeasureEffect(StrEnum):
    """The evaluation's verdict on one measure."""

    WORKED = "worked"
    PARTLY = "partly"
    DID_NOT_WORK = "did_not_work"
    TOO_EARLY = "too_early"


class SteeringOutcome(StrEnum):
    """A steering-group decision on a submitted report."""

    APPROVE = "approve"
    RETURN = "return"
    CLOSE = "close"


class Precondition(StrEnum):
    """What the case's material must show before a transition (checked by the services'
    facts about the case, passed in as `CaseFacts`)."""

    HAS_REPORT = "has_report"
    HAS_MEASURES = "has_measures"
    MEASURES_SETTLED = "measures_settled"  # every measure done or cancelled, done ones reported
    HAS_REASON = "has_reason"


@dataclass(frozen=True, slots=True)
class Transition:
    name: str
    source: CaseState
    target: CaseState
    action: str  # the policy action whose roles may make the transition
    four_eyes: bool = False  # the decider must not be involved in the case
    needs: tuple[Precondition, ...] = ()
    # What the step records besides the state (a report submission, a steering decision, an
    # evaluation): such a step is made only by the service that writes that record.
    records: str = ""


S = CaseState
TRANSITIONS: tuple[Transition, ...] = (
    Transition("start_analysis", S.NOMINATED, S.IN_ANALYSIS, "case.analyse"),
    Transition("drop", S.NOMINATED, S.CLOSED, "case.close", needs=(Precondition.HAS_REASON,)),
    Transition(
        "submit_report",
        S.IN_ANALYSIS,
        S.REPORT_SUBMITTED,
        "case.analyse",
        needs=(Precondition.HAS_REPORT,),
        records="report",
    ),
    Transition("drop", S.IN_ANALYSIS, S.CLOSED, "case.close", needs=(Precondition.HAS_REASON,)),
    Transition(
        "approve",
        S.REPORT_SUBMITTED,
        S.APPROVED,
        "case.decide",
        four_eyes=True,
        needs=(Precondition.HAS_REASON,),
        records="decision",
    ),
    Transition(
        "return",
        S.REPORT_SUBMITTED,
        S.RETURNED,
        "case.decide",
        needs=(Precondition.HAS_REASON,),
        records="decision",
    ),
    Transition(
        "close",
        S.REPORT_SUBMITTED,
        S.CLOSED,
        "case.decide",
        needs=(Precondition.HAS_REASON,),
        records="decision",
    ),
    Transition("resume_analysis", S.RETURNED, S.IN_ANALYSIS, "case.analyse"),
    Transition("drop", S.RETURNED, S.CLOSED, "case.close", needs=(Precondition.HAS_REASON,)),
    Transition("plan_measures", S.APPROVED, S.CONTROL_PLANNING, "case.plan_measures"),
    Transition(
        "start_measures",
        S.CONTROL_PLANNING,
        S.MEASURES_UNDER_WAY,
        "case.plan_measures",
        needs=(Precondition.HAS_MEASURES,),
    ),
    Transition(
        "complete_results",
        S.MEASURES_UNDER_WAY,
        S.RESULTS_RECORDED,
        "case.plan_measures",
        needs=(Precondition.MEASURES_SETTLED,),
    ),
    Transition("evaluate", S.RESULTS_RECORDED, S.EVALUATED, "case.evaluate", records="evaluation"),
    Transition("close", S.EVALUATED, S.CLOSED, "case.close"),
)

DECISION_TRANSITIONS: Mapping[SteeringOutcome, str] = {
    SteeringOutcome.APPROVE: "approve",
    SteeringOutcome.RETURN: "return",
    SteeringOutcome.CLOSE: "close",
}
# States in which analysts add notes, attachments, findings and report drafts.
ANALYSIS_STATES = frozenset({S.NOMINATED, S.IN_ANALYSIS, S.RETURNED})
# States in which the control group adds or changes measures.
PLANNING_STATES = frozenset({S.CONTROL_PLANNING, S.MEASURES_UNDER_WAY})
# States in which an agency records results of its measures.
RESULT_STATES = frozenset({S.MEASURES_UNDER_WAY, S.RESULTS_RECORDED})
TERMINAL_STATES = frozenset({S.CLOSED})
# A case past its due date in these states is overdue (evaluated cases wait only for closing).
ACTIVE_STATES = frozenset(CaseState) - {S.CLOSED, S.EVALUATED}
ACTIVE_MEASURE_STATES = frozenset({MeasureState.PLANNED, MeasureState.UNDER_WAY})

MEASURE_MOVES: Mapping[MeasureState, frozenset[MeasureState]] = {
    MeasureState.PLANNED: frozenset({MeasureState.UNDER_WAY, MeasureState.CANCELLED}),
    MeasureState.UNDER_WAY: frozenset({MeasureState.DONE, MeasureState.CANCELLED}),
    MeasureState.DONE: frozenset(),
    MeasureState.CANCELLED: frozenset(),
}


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the services know about the case when a transition is asked for."""

    state: CaseState
    involved: frozenset[str] = frozenset()  # usernames: opener, owner, report authors/submitter
    has_report: bool = False
    measures: int = 0
    measures_settled: bool = False
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer to "may this actor make this transition now": allowed or why not."""

    allowed: bool
    reason: str
    transition: Transition | None = None


def transitions_from(state: CaseState) -> tuple[Transition, ...]:
    return tuple(t for t in TRANSITIONS if t.source is state)


def find_transition(state: CaseState, name: str) -> Transition | None:
    return next((t for t in transitions_from(state) if t.name == name), None)


def decide(policy: Policy, actor: Actor, facts: CaseFacts, name: str) -> Verdict:
    """May ``actor`` make transition ``name`` on a case in ``facts``? First failed check wins."""
    transition = find_transition(facts.state, name)
    if transition is None:
        possible = ", ".join(t.name for t in transitions_from(facts.state)) or "none"
        return Verdict(False, f"a {facts.state} case cannot {name} (possible: {possible})")
    permission = policy.may(actor, transition.action)
    if not permission.allowed:
        return Verdict(False, permission.reason, transition)
    if transition.four_eyes and actor.user in facts.involved:
        return Verdict(
            False,
            "four-eyes rule: whoever opened, owns or reported on a case cannot approve it",
            transition,
        )
    unmet = next((p for p in transition.needs if not _holds(p, facts)), None)
    if unmet is not None:
        return Verdict(False, PRECONDITION_REASONS[unmet], transition)
    return Verdict(True, f"{facts.state} → {transition.target} by {name}", transition)


PRECONDITION_REASONS: Mapping[Precondition, str] = {
    Precondition.HAS_REPORT: "draft a report before submitting it",
    Precondition.HAS_MEASURES: "plan at least one measure before starting",
    Precondition.MEASURES_SETTLED: (
        "every measure must be done (with results) or cancelled before the results are complete"
    ),
    Precondition.HAS_REASON: "give a reason",
}


def _holds(precondition: Precondition, facts: CaseFacts) -> bool:
    match precondition:
        case Precondition.HAS_REPORT:
            return facts.has_report
        case Precondition.HAS_MEASURES:
            return facts.measures > 0
        case Precondition.MEASURES_SETTLED:
            return facts.measures_settled
        case Precondition.HAS_REASON:
            return bool(facts.reason.strip())
    return False  # pragma: no cover - every precondition is matched above


def may_move_measure(source: MeasureState, target: MeasureState) -> bool:
    return target in MEASURE_MOVES[source]


def may_record_result(policy: Policy, actor: Actor, measure_agency: str) -> Verdict:
    """An agency records the results of its own measures only."""
    permission = policy.may(actor, "measure.record_result")
    if not permission.allowed:
        return Verdict(False, permission.reason)
    if actor.agency != measure_agency:
        return Verdict(False, f"only {measure_agency} records the results of its own measure")
    return Verdict(True, "own agency's measure")


def is_overdue(due: date | None, active: bool, today: date) -> bool:
    """Past its due date and still open: the day after the due date it is overdue."""
    return due is not None and active and due < today


def case_overdue(state: CaseState, due: date | None, today: date) -> bool:
    return is_overdue(due, state in ACTIVE_STATES, today)


def measure_overdue(state: MeasureState, due: date | None, today: date) -> bool:
    return is_overdue(due, state in ACTIVE_MEASURE_STATES, today)
