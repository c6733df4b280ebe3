"""The case workflow as a table: every state × every transition × every role, allowed or
forbidden, against an expectation written out here (independently of the state machine and
the policy file); the four-eyes rule; the preconditions; overdue dates."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from akrim.domain import case_workflow as wf
from akrim.domain.access import Actor, Role, load_policy

POLICY = load_policy()
S = wf.CaseState
ANALYSTS = {"analyst", "centre_manager"}
STEERING = {"steering_group_member"}
CONTROL = {"control_group_member"}

# (from state, transition) -> (to state, roles that may make it). Anything else is forbidden.
EXPECTED: dict[tuple[S, str], tuple[S, set[str]]] = {
    (S.NOMINATED, "start_analysis"): (S.IN_ANALYSIS, ANALYSTS),
    (S.NOMINATED, "drop"): (S.CLOSED, ANALYSTS),
    (S.IN_ANALYSIS, "submit_report"): (S.REPORT_SUBMITTED, ANALYSTS),
    (S.IN_ANALYSIS, "drop"): (S.CLOSED, ANALYSTS),
    (S.REPORT_SUBMITTED, "approve"): (S.APPROVED, STEERING),
    (S.REPORT_SUBMITTED, "return"): (S.RETURNED, STEERING),
    (S.REPORT_SUBMITTED, "close"): (S.CLOSED, STEERING),
    (S.RETURNED, "resume_analysis"): (S.IN_ANALYSIS, ANALYSTS),
    (S.RETURNED, "drop"): (S.CLOSED, ANALYSTS),
    (S.APPROVED, "plan_measures"): (S.CONTROL_PLANNING, CONTROL),
    (S.CONTROL_PLANNING, "start_measures"): (S.MEASURES_UNDER_WAY, CONTROL),
    (S.MEASURES_UNDER_WAY, "complete_results"): (S.RESULTS_RECORDED, CONTROL),
    (S.RESULTS_RECORDED, "evaluate"): (S.EVALUATED, CONTROL | {"centre_manager"}),
    (S.EVALUATED, "close"): (S.CLOSED, ANALYSTS),
}
NAMES = sorted({name for _, name in EXPECTED} | {"reopen", "approve_own"})
ROLES = [r.value for r in Role] + ["visitor"]
# Every precondition met, nobody involved: only the state and the role decide.
READY = {"has_report": True, "measures": 2, "measures_settled": True, "reason": "because"}


def actor(role: str, user: str = "decider") -> Actor:
    return Actor(user, "nav", "oslo", frozenset({role}))


@pytest.mark.parametrize(("state", "name", "role"), list(itertools.product(list(S), NAMES, ROLES)))
def test_every_transition_for_every_role(state: S, name: str, role: str) -> None:
    facts = wf.CaseFacts(state=state, involved=frozenset({"author"}), **READY)
    verdict = wf.decide(POLICY, actor(role), facts, name)
    expected = EXPECTED.get((state, name))
    allowed = expected is not None and role in expected[1]
    assert verdict.allowed is allowed, verdict.reason
    if allowed:
        assert verdict.transition is not None and verdict.transition.target is expected[0]
    elif expected is None:
        assert f"cannot {name}" in verdict.reason
    else:
        assert "needs one of the roles" in verdict.reason


def test_the_table_is_the_whole_state_machine() -> None:
    machine = {(t.source, t.name): t.target for t in wf.TRANSITIONS}
    assert machine == {key: target for key, (target, _) in EXPECTED.items()}
    assert wf.transitions_from(S.CLOSED) == ()


def test_steps_that_write_a_record_are_made_by_their_own_service() -> None:
    recorded = {(t.source, t.name): t.records for t in wf.TRANSITIONS if t.records}
    assert recorded == {
        (S.IN_ANALYSIS, "submit_report"): "report",
        (S.REPORT_SUBMITTED, "approve"): "decision",
        (S.REPORT_SUBMITTED, "return"): "decision",
        (S.REPORT_SUBMITTED, "close"): "decision",
        (S.RESULTS_RECORDED, "evaluate"): "evaluation",
    }


def test_every_state_is_reachable_from_nomination_and_leads_to_closed() -> None:
    edges = {(t.source, t.target) for t in wf.TRANSITIONS}

    def reach(start: S, forward: bool) -> set[S]:
        seen, todo = {start}, [start]
        while todo:
            here = todo.pop()
            for a, b in edges:
                nxt = b if forward and a is here else a if not forward and b is here else None
                if nxt is not None and nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    assert reach(S.NOMINATED, forward=True) == set(S)
    assert reach(S.CLOSED, forward=False) == set(S)


@pytest.mark.parametrize("involved_as", ["author", "owner", "submitter"])
def test_four_eyes_nobody_involved_in_a_case_approves_it(involved_as: str) -> None:
    facts = wf.CaseFacts(state=S.REPORT_SUBMITTED, involved=frozenset({involved_as, "x"}), **READY)
    steering = "steering_group_member"
    own = wf.decide(POLICY, actor(steering, user=involved_as), facts, "approve")
    assert not own.allowed and "four-eyes" in own.reason
    assert wf.decide(POLICY, actor(steering, user="colleague"), facts, "approve").allowed
    # Returning or closing one's own case is not approving it.
    assert wf.decide(POLICY, actor(steering, user=involved_as), facts, "return").allowed


@pytest.mark.parametrize(
    ("state", "name", "missing", "reason"),
    [
        (S.IN_ANALYSIS, "submit_report", {"has_report": False}, "draft a report"),
        (S.REPORT_SUBMITTED, "approve", {"reason": " "}, "give a reason"),
        (S.REPORT_SUBMITTED, "return", {"reason": ""}, "give a reason"),
        (S.NOMINATED, "drop", {"reason": ""}, "give a reason"),
        (S.CONTROL_PLANNING, "start_measures", {"measures": 0}, "at least one measure"),
        (S.MEASURES_UNDER_WAY, "complete_results", {"measures_settled": False}, "every measure"),
    ],
)
def test_preconditions(state: S, name: str, missing: dict[str, object], reason: str) -> None:
    role = {"approve": "steering_group_member", "return": "steering_group_member"}.get(
        name, "control_group_member" if "measures" in name or "results" in name else "analyst"
    )
    facts = wf.CaseFacts(state=state, **{**READY, **missing})  # type: ignore[arg-type]
    verdict = wf.decide(POLICY, actor(role), facts, name)
    assert not verdict.allowed and reason in verdict.reason


def test_results_are_recorded_by_the_owning_agency_only() -> None:
    inspector = Actor("i", "arbeidstilsynet", "oslo", frozenset({"inspector"}))
    assert wf.may_record_result(POLICY, inspector, "arbeidstilsynet").allowed
    other = wf.may_record_result(POLICY, inspector, "skatteetaten")
    assert not other.allowed and "skatteetaten" in other.reason
    steering = Actor("s", "skatteetaten", "oslo", frozenset({"steering_group_member"}))
    assert not wf.may_record_result(POLICY, steering, "skatteetaten").allowed


@pytest.mark.parametrize(
    ("source", "target", "allowed"),
    [
        (wf.MeasureState.PLANNED, wf.MeasureState.UNDER_WAY, True),
        (wf.MeasureState.PLANNED, wf.MeasureState.CANCELLED, True),
        (wf.MeasureState.PLANNED, wf.MeasureState.DONE, False),
        (wf.MeasureState.UNDER_WAY, wf.MeasureState.DONE, True),
        (wf.MeasureState.UNDER_WAY, wf.MeasureState.PLANNED, False),
        (wf.MeasureState.DONE, wf.MeasureState.UNDER_WAY, False),
        (wf.MeasureState.CANCELLED, wf.MeasureState.UNDER_WAY, False),
    ],
)
def test_measure_moves(source: wf.MeasureState, target: wf.MeasureState, allowed: bool) -> None:
    assert wf.may_move_measure(source, target) is allowed


TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("state", "due", "overdue"),
    [
        (S.IN_ANALYSIS, date(2026, 11, 27), True),
        (S.IN_ANALYSIS, TODAY, False),  # due today is not yet late
        (S.IN_ANALYSIS, None, False),
        (S.MEASURES_UNDER_WAY, date(2026, 1, 1), True),
        (S.EVALUATED, date(2026, 1, 1), False),
        (S.CLOSED, date(2026, 1, 1), False),
    ],
)
def test_case_overdue(state: S, due: date | None, overdue: bool) -> None:
    assert wf.case_overdue(state, due, TODAY) is overdue


@pytest.mark.parametrize(
    ("state", "overdue"),
    [
        (wf.MeasureState.PLANNED, True),
        (wf.MeasureState.UNDER_WAY, True),
        (wf.MeasureState.DONE, False),
        (wf.MeasureState.CANCELLED, False),
    ],
)
def test_measure_overdue(state: wf.MeasureState, overdue: bool) -> None:
    assert wf.measure_overdue(state, date(2026, 11, 1), TODAY) is overdue


def test_sharing_is_allowed_in_the_working_states_only() -> None:
    working = set(S) - {S.EVALUATED, S.CLOSED}
    assert {str(s) for s in working} <= POLICY.sharing_states
    assert not {S.EVALUATED.value, S.CLOSED.value} & POLICY.sharing_states
