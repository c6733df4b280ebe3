"""The authorization matrix: every role × agency × classification × purpose × case state.

The expected decision comes from `expected_allowed`, which restates the sharing rules as
plain conditions, independently of the policy file and its evaluator. Any allow the oracle
does not expect fails the test, and so does any deny it does not expect.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass

import pytest

from akrim.domain.access import (
    AccessKind,
    AccessRequest,
    Actor,
    CaseContext,
    CaseState,
    FactScope,
    Requirement,
    Role,
    load_policy,
    policy_from_toml,
)
from akrim.domain.registers import AGENCIES, Classification

POLICY = load_policy()
SUBJECT = "912345678"
CENTRE = "oslo"

# The regulation's lists, written out here on purpose (not read from the policy).
SECTION_3_PURPOSES = {"prevent", "detect", "stop", "sanction"}
SENDERS = {"nav", "arbeidstilsynet", "dsb", "kommune", "vegvesen", "udi", "skatteetaten", "politi"}
RECEIVERS = SENDERS | {"tolletaten", "ntaes"}
FACT_READERS = {
    "analyst",
    "centre_manager",
    "steering_group_member",
    "control_group_member",
    "inspector",
    "strategic_analyst",
}
OWN_CONFIDENTIAL = FACT_READERS - {"strategic_analyst"}
SHARED_CONFIDENTIAL = {"analyst", "centre_manager", "steering_group_member", "control_group_member"}
# Bulk exports (`akrim export ...`) are for the host's store operators, who hold the store
# files already: any agency's facts, always for a declared § 3 purpose; nobody else exports.
EXPORTERS = {"store_operator"}

ROLES = [r.value for r in Role] + ["visitor"]  # an unknown role shows the default deny
USER_AGENCIES = ["nav", "politi", "tolletaten", "ntaes", "bank"]
OWNER_AGENCIES = sorted(AGENCIES)
PURPOSES = [None, "prevent", "detect", "stop", "sanction", "curiosity"]


@dataclass(frozen=True)
class CaseSituation:
    name: str
    state: CaseState | None  # None: no case named
    subject_in_case: bool = True
    note: bool = True
    owner_in_case: bool = True
    same_centre: bool = True


CASE_SITUATIONS = [
    CaseSituation("no case", None),
    CaseSituation("open, complete", CaseState.OPEN),
    CaseSituation("open, no proportionality note", CaseState.OPEN, note=False),
    CaseSituation("open, other subject", CaseState.OPEN, subject_in_case=False),
    CaseSituation("open, owner not in case", CaseState.OPEN, owner_in_case=False),
    CaseSituation("open, other centre", CaseState.OPEN, same_centre=False),
    CaseSituation("closed", CaseState.CLOSED),
]


def expected_allowed(
    role: str,
    user_agency: str,
    owner: str,
    classification: Classification,
    purpose: str | None,
    case: CaseSituation,
    kind: AccessKind = AccessKind.RECORD,
) -> bool:
    own = owner == user_agency
    if kind is AccessKind.EXPORT:
        return role in EXPORTERS and purpose in SECTION_3_PURPOSES
    if role in EXPORTERS:
        return False  # a store operator reads no records or aggregates through the workbench
    usable_case = (
        case.state is CaseState.OPEN and case.subject_in_case and case.same_centre and case.note
    )
    if classification is Classification.OPEN:
        return role in FACT_READERS
    if purpose not in SECTION_3_PURPOSES:
        return False
    # Aggregates (always through disclosure control here) are for strategic analysts only;
    # strategic analysts never see records.
    if kind is AccessKind.AGGREGATE or role == "strategic_analyst":
        return kind is AccessKind.AGGREGATE and role == "strategic_analyst"
    if classification is Classification.CONFIDENTIAL:
        if own:
            return role in OWN_CONFIDENTIAL
        return (
            role in SHARED_CONFIDENTIAL
            and owner in SENDERS
            and user_agency in RECEIVERS
            and usable_case
        )
    # Police facts: police analysts; others only as analysts on a case police takes part in,
    # and never to sanction.
    if own:
        return role == "analyst"
    return (
        role == "analyst"
        and purpose != "sanction"
        and owner in SENDERS
        and user_agency in RECEIVERS
        and usable_case
        and case.owner_in_case
    )


def request_for(
    role: str,
    user_agency: str,
    owner: str,
    classification: Classification,
    purpose: str | None,
    situation: CaseSituation,
    kind: AccessKind = AccessKind.RECORD,
) -> AccessRequest:
    actor = Actor("u", user_agency, CENTRE, frozenset({role}))
    scope = FactScope(owner, classification, "register", SUBJECT)
    case = None
    if situation.state is not None:
        case = CaseContext(
            case_id="7",
            state=situation.state,
            centre=CENTRE if situation.same_centre else "bergen",
            subjects=frozenset({SUBJECT if situation.subject_in_case else "999999999"}),
            agencies=frozenset({user_agency, owner} if situation.owner_in_case else {user_agency}),
            has_proportionality_note=situation.note,
        )
    controlled = kind is AccessKind.AGGREGATE
    return AccessRequest(actor, scope, kind, purpose, case, disclosure_controlled=controlled)


MATRIX = list(
    itertools.product(
        ROLES,
        USER_AGENCIES,
        OWNER_AGENCIES,
        list(Classification),
        PURPOSES,
        CASE_SITUATIONS,
        list(AccessKind),
    )
)


def test_matrix_matches_the_rules_with_no_unexpected_allow() -> None:
    unexpected_allows, unexpected_denies = [], []
    allowed_by_rule: Counter[str] = Counter()
    for combo in MATRIX:
        decision = POLICY.decide(request_for(*combo))
        want = expected_allowed(*combo)
        if decision.allowed and not want:
            unexpected_allows.append((combo, decision))
        if want and not decision.allowed:
            unexpected_denies.append((combo, decision.reason))
        if decision.allowed:
            allowed_by_rule[decision.rule] += 1
            assert decision.legal_basis, combo
        else:
            assert decision.reason, combo
    assert unexpected_allows == []
    assert unexpected_denies == []
    assert len(MATRIX) == 10 * 5 * 11 * 3 * 6 * 7 * 3
    # Every rule of the policy is exercised by the matrix.
    assert set(allowed_by_rule) == {r.id for r in POLICY.rules}


def test_unknown_role_and_non_fact_roles_are_denied_everything() -> None:
    for combo in MATRIX:
        if combo[0] in {"visitor", "auditor", "administrator"}:
            assert not POLICY.decide(request_for(*combo)).allowed


def test_only_store_operators_export_and_they_read_nothing_else() -> None:
    for combo in MATRIX:
        role, kind = combo[0], combo[-1]
        if (kind is AccessKind.EXPORT) != (role == "store_operator"):
            assert not POLICY.decide(request_for(*combo)).allowed, combo


def test_denials_explain_what_is_missing() -> None:
    situations = {s.name: s for s in CASE_SITUATIONS}
    cases = {
        "no case": "open a case",
        "open, no proportionality note": "proportionality note",
        "open, other subject": "not about a subject",
        "closed": "is closed",
        "open, other centre": "another centre",
    }
    for name, words in cases.items():
        request = request_for(
            "analyst",
            "nav",
            "skatteetaten",
            Classification.CONFIDENTIAL,
            "detect",
            situations[name],
        )
        decision = POLICY.decide(request)
        assert not decision.allowed
        assert words in decision.reason, (name, decision.reason)
    decision = POLICY.decide(
        request_for(
            "analyst",
            "nav",
            "politi",
            Classification.POLICE,
            "detect",
            situations["open, owner not in case"],
        )
    )
    assert decision.unmet is Requirement.OWNER_IN_CASE and "take part" in decision.reason


def test_strategic_mode_gets_aggregates_only_and_only_under_disclosure_control() -> None:
    actor = Actor("s", "ntaes", None, frozenset({"strategic_analyst"}))
    for classification in (Classification.CONFIDENTIAL, Classification.POLICE):
        scope = FactScope("skatteetaten", classification, "a-ordningen")
        record = AccessRequest(actor, scope, AccessKind.RECORD, "detect")
        controlled = AccessRequest(actor, scope, AccessKind.AGGREGATE, "detect", None, True)
        uncontrolled = AccessRequest(actor, scope, AccessKind.AGGREGATE, "detect", None, False)
        assert not POLICY.decide(record).allowed
        assert POLICY.decide(controlled).allowed
        assert not POLICY.decide(uncontrolled).allowed
    analyst = Actor("a", "nav", CENTRE, frozenset({"analyst"}))
    scope = FactScope("skatteetaten", Classification.CONFIDENTIAL, "a-ordningen")
    assert not POLICY.decide(
        AccessRequest(analyst, scope, AccessKind.AGGREGATE, "detect", None, True)
    ).allowed


def test_default_deny_with_an_empty_policy() -> None:
    empty = policy_from_toml('version = "0"\ndefault = "deny"\n')
    for combo in MATRIX[:: len(MATRIX) // 500]:
        decision = empty.decide(request_for(*combo))
        assert not decision.allowed and "default deny" in decision.reason
    assert not empty.may(Actor("a", "nav", None, frozenset({"auditor"})), "audit.read").allowed


def test_a_policy_that_defaults_to_allow_is_refused() -> None:
    with pytest.raises(ValueError, match="default to deny"):
        policy_from_toml('version = "0"\ndefault = "allow"\n')


def test_a_typo_in_a_rule_fails_loudly() -> None:
    text = """version = "0"
[[rule]]
id = "x"
roles = ["analist"]
access = ["record"]
classification = ["open"]
owner = "any"
provision = "open"
"""
    with pytest.raises(ValueError, match="policy rule x"):
        policy_from_toml(text)


def test_actions_are_role_bound() -> None:
    auditor = Actor("d", "arbeidstilsynet", None, frozenset({"auditor"}))
    analyst = Actor("a", "nav", CENTRE, frozenset({"analyst"}))
    assert POLICY.may(auditor, "audit.read").allowed
    assert not POLICY.may(analyst, "audit.read").allowed
    assert not POLICY.may(auditor, "users.manage").allowed
    assert "no policy entry" in POLICY.may(auditor, "launch.rockets").reason


def test_a_register_files_scope_carries_its_agency_and_classification() -> None:
    from akrim.domain.registers import register_file

    scope = FactScope.of_file(register_file("politi/anmeldelser.csv"), "912345678")
    assert (scope.agency, scope.classification, scope.subject) == (
        "politi",
        Classification.POLICE,
        "912345678",
    )
