"""Access decisions: who may read which agency's facts, for which purpose, under which provision.

The rules are data (``policy/sharing-policy.toml``); this module loads them and evaluates a
request to a `Decision` value that says allowed or not, why, and on which legal basis.
Anything no rule allows is denied. Nothing here touches a database: callers pass what they
know about the user, the facts and the case, and record the decision themselves.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from akrim.domain.registers import Classification, RegisterFile


class Role(StrEnum):
    ANALYST = "analyst"
    CENTRE_MANAGER = "centre_manager"
    STEERING_GROUP_MEMBER = "steering_group_member"
    CONTROL_GROUP_MEMBER = "control_group_member"
    INSPECTOR = "inspector"
    STRATEGIC_ANALYST = "strategic_analyst"
    AUDITOR = "auditor"
    ADMINISTRATOR = "administrator"
    # Runs the platform's host and holds the store files; may take bulk exports (audited).
    STORE_OPERATOR = "store_operator"


class AccessKind(StrEnum):
    RECORD = "record"  # row-level facts about a subject
    AGGREGATE = "aggregate"  # counts and sums under disclosure control
    EXPORT = "export"  # a bulk file derived from whole registers (`akrim export ...`)


class CaseState(StrEnum):
    """The states this module names; the case workflow may have more (the policy's
    ``[cases] sharing_states`` says which of them allow sharing)."""

    OPEN = "open"
    CLOSED = "closed"


class Requirement(StrEnum):
    PURPOSE = "purpose"
    LISTED_SENDER = "listed_sender"
    LISTED_RECEIVER = "listed_receiver"
    OPEN_CASE = "open_case"
    CASE_IN_SCOPE = "case_in_scope"
    SUBJECT_IN_CASE = "subject_in_case"
    PROPORTIONALITY = "proportionality"
    OWNER_IN_CASE = "owner_in_case"
    DISCLOSURE_CONTROL = "disclosure_control"


class Owner(StrEnum):
    OWN = "own"
    OTHER = "other"
    ANY = "any"


@dataclass(frozen=True, slots=True)
class Actor:
    """A user as the policy sees them: one agency, one centre (None = national), roles."""

    user: str
    agency: str
    centre: str | None
    roles: frozenset[str]


@dataclass(frozen=True, slots=True)
class FactScope:
    """Facts of one register about one subject (or, for aggregates, about no one subject)."""

    agency: str
    classification: Classification
    register: str
    subject: str | None = None
    categories: tuple[str, ...] = ()

    @classmethod
    def of_file(cls, register_file: RegisterFile, subject: str | None = None) -> FactScope:
        """The scope of one register file's facts (its agency, classification, register)."""
        return cls(
            register_file.agency,
            register_file.classification,
            register_file.register,
            subject,
            (register_file.register,),
        )


@dataclass(frozen=True, slots=True)
class CaseContext:
    """What the policy needs to know about the case a request names."""

    case_id: str
    state: str
    centre: str | None
    subjects: frozenset[str]
    agencies: frozenset[str]
    has_proportionality_note: bool


@dataclass(frozen=True, slots=True)
class AccessRequest:
    actor: Actor
    scope: FactScope
    kind: AccessKind = AccessKind.RECORD
    purpose: str | None = None
    case: CaseContext | None = None
    disclosure_controlled: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    """The answer to a request: allowed or not, why, and on which provision."""

    allowed: bool
    reason: str
    legal_basis: str = ""
    rule: str = ""
    policy_version: str = ""
    unmet: Requirement | None = None
    provision: str = ""  # the key of the provision in the policy, e.g. "s3"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    description: str
    roles: frozenset[str]
    access: frozenset[AccessKind]
    classification: frozenset[Classification]
    owner: Owner
    requires: tuple[Requirement, ...]
    provision: str
    purposes: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class Policy:
    version: str
    purposes: Mapping[str, str]
    provisions: Mapping[str, str]
    senders: frozenset[str]
    receivers: frozenset[str]
    rules: tuple[Rule, ...]
    actions: Mapping[str, frozenset[str]] = field(default_factory=dict)
    retention_days: Mapping[str, int] = field(default_factory=dict)
    sharing_states: frozenset[str] = frozenset({CaseState.OPEN.value})

    def decide(self, request: AccessRequest) -> Decision:
        """Evaluate the rules; the first rule whose requirements all hold allows."""
        candidates = [r for r in self.rules if _rule_matches(r, request)]
        if not candidates:
            return self._deny(_no_rule_reason(request), None, "")
        first_unmet: tuple[Rule, Requirement] | None = None
        for rule in candidates:
            unmet = _first_unmet(self, rule, request)
            if unmet is None:
                return Decision(
                    allowed=True,
                    reason=rule.description,
                    legal_basis=self.provisions.get(rule.provision, rule.provision),
                    rule=rule.id,
                    policy_version=self.version,
                    provision=rule.provision,
                )
            if first_unmet is None:
                first_unmet = (rule, unmet)
        assert first_unmet is not None
        rule, unmet = first_unmet
        return self._deny(_unmet_reason(self, unmet, request), unmet, rule.id)

    def may(self, actor: Actor, action: str) -> Decision:
        """Permissions that are not about facts (read the audit log, manage users, ...)."""
        roles = self.actions.get(action)
        if roles is None:
            return self._deny(f"no policy entry for action {action!r} (default deny)", None, "")
        if actor.roles & roles:
            return Decision(True, f"role may {action}", "", action, self.version)
        need = ", ".join(sorted(roles))
        return self._deny(f"{action} needs one of the roles: {need}", None, action)

    def _deny(self, reason: str, unmet: Requirement | None, rule: str) -> Decision:
        return Decision(False, reason, "", rule, self.version, unmet)


def _rule_matches(rule: Rule, request: AccessRequest) -> bool:
    if request.kind not in rule.access or request.scope.classification not in rule.classification:
        return False
    if not (request.actor.roles & rule.roles):
        return False
    own = request.scope.agency == request.actor.agency
    return rule.owner is Owner.ANY or (rule.owner is Owner.OWN) == own


def _first_unmet(policy: Policy, rule: Rule, request: AccessRequest) -> Requirement | None:
    for requirement in rule.requires:
        if not _holds(policy, rule, requirement, request):
            return requirement
    return None


def _holds(policy: Policy, rule: Rule, requirement: Requirement, request: AccessRequest) -> bool:
    case = request.case
    match requirement:
        case Requirement.PURPOSE:
            allowed = rule.purposes if rule.purposes is not None else frozenset(policy.purposes)
            return request.purpose in allowed
        case Requirement.LISTED_SENDER:
            return request.scope.agency in policy.senders
        case Requirement.LISTED_RECEIVER:
            return request.actor.agency in policy.receivers
        case Requirement.OPEN_CASE:
            return case is not None and case.state in policy.sharing_states
        case Requirement.CASE_IN_SCOPE:
            return case is not None and request.actor.centre in (None, case.centre)
        case Requirement.SUBJECT_IN_CASE:
            return case is not None and request.scope.subject in case.subjects
        case Requirement.PROPORTIONALITY:
            return case is not None and case.has_proportionality_note
        case Requirement.OWNER_IN_CASE:
            return case is not None and request.scope.agency in case.agencies
        case Requirement.DISCLOSURE_CONTROL:
            return request.disclosure_controlled
    return False  # pragma: no cover - every requirement is matched above


def _no_rule_reason(request: AccessRequest) -> str:
    roles = ", ".join(sorted(request.actor.roles)) or "no role"
    whose = "own agency's" if request.scope.agency == request.actor.agency else "another agency's"
    return (
        f"no policy rule lets {roles} read {whose} {request.scope.classification} facts "
        f"as {request.kind} (default deny)"
    )


def _unmet_reason(policy: Policy, unmet: Requirement, request: AccessRequest) -> str:
    case = request.case
    match unmet:
        case Requirement.PURPOSE:
            listed = ", ".join(sorted(policy.purposes))
            return f"declare a purpose this rule allows ({listed}); got {request.purpose!r}"
        case Requirement.LISTED_SENDER:
            return f"{request.scope.agency} is not a body the regulation lets share"
        case Requirement.LISTED_RECEIVER:
            return f"{request.actor.agency} is not a body the regulation lets receive"
        case Requirement.OPEN_CASE:
            if case is None:
                return "open a case on this subject to read another agency's facts"
            states = ", ".join(sorted(policy.sharing_states))
            return f"case {case.case_id} is {case.state}; sharing needs a case that is {states}"
        case Requirement.CASE_IN_SCOPE:
            return "the case belongs to another centre"
        case Requirement.SUBJECT_IN_CASE:
            return "the facts are not about a subject of the case; add the subject to the case"
        case Requirement.PROPORTIONALITY:
            return "record a proportionality note for this case before the first disclosure"
        case Requirement.OWNER_IN_CASE:
            return f"{request.scope.agency} must take part in the case before its facts are shared"
        case Requirement.DISCLOSURE_CONTROL:
            return "strategic mode receives aggregates only, through disclosure control"
    return str(unmet)  # pragma: no cover


E = TypeVar("E", bound=StrEnum)

DEFAULT_POLICY_FILE = "sharing-policy.toml"


def load_policy(path: Path | None = None) -> Policy:
    """Load the policy shipped with the package, or another file (for tests and operators)."""
    if path is None:
        text = resources.files("akrim.domain.policy").joinpath(DEFAULT_POLICY_FILE).read_text()
    else:
        text = path.read_text(encoding="utf-8")
    return policy_from_toml(text)


def policy_from_toml(text: str) -> Policy:
    data = tomllib.loads(text)
    if data.get("default", "deny") != "deny":
        raise ValueError("the sharing policy must default to deny")
    agencies = data.get("agencies", {})
    return Policy(
        version=str(data["version"]),
        purposes=dict(data.get("purposes", {})),
        provisions=dict(data.get("provisions", {})),
        senders=frozenset(agencies.get("senders", ())),
        receivers=frozenset(agencies.get("receivers", ())),
        rules=tuple(_rule(r) for r in data.get("rule", ())),
        actions={k: frozenset(v) for k, v in data.get("actions", {}).items()},
        retention_days={k: int(v) for k, v in data.get("retention", {}).items()},
        sharing_states=frozenset(data.get("cases", {}).get("sharing_states", ["open"])),
    )


def _rule(raw: Mapping[str, Any]) -> Rule:
    purposes = raw.get("purposes")
    roles = frozenset(_known(Role, raw["roles"], raw["id"]))
    return Rule(
        id=raw["id"],
        description=raw.get("description", raw["id"]),
        roles=frozenset(str(r) for r in roles),
        access=frozenset(_known(AccessKind, raw["access"], raw["id"])),
        classification=frozenset(_known(Classification, raw["classification"], raw["id"])),
        owner=Owner(raw["owner"]),
        requires=tuple(_known(Requirement, raw.get("requires", ()), raw["id"])),
        provision=raw["provision"],
        purposes=None if purposes is None else frozenset(purposes),
    )


def _known(enum: type[E], values: Iterable[str], rule_id: str) -> list[E]:
    try:
        return [enum(v) for v in values]
    except ValueError as exc:
        raise ValueError(f"policy rule {rule_id}: {exc}") from None


def roles_from(values: Sequence[str]) -> frozenset[str]:
    """Validate role names (a typo in a user's roles must fail loudly, not deny silently)."""
    return frozenset(str(Role(v)) for v in values)
