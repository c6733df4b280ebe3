"""The read gateway: the one way to read confidential facts.

Every read path (web pages, the API, CLI exports) describes what it wants as fact scopes and
passes a loader; the gateway asks the policy about each scope, calls the loader with the
allowed scopes only, and writes one audit event with the purpose (shown and withheld scopes,
with reasons) and a ledger entry for each scope that crosses agencies, all in one
transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from django.db import transaction

from akrim.domain.access import (
    AccessKind,
    AccessRequest,
    CaseContext,
    Decision,
    FactScope,
    Requirement,
)
from akrim.domain.audit_events import FactsRead
from akrim.domain.registers import Classification
from akrim.web.accounts.models import User
from akrim.web.audit.models import AuditEntry
from akrim.web.audit.services import audit_record
from akrim.web.cases.models import Case
from akrim.web.cases.selectors import case_context, case_get
from akrim.web.cases.services import proportionality_note_record
from akrim.web.sharing.models import Disclosure
from akrim.web.sharing.policy import current_policy

T = TypeVar("T")
# The reason given for scopes an indivisible read withholds because another one was refused.
WITHHELD_ALONG = "withheld along with "


@dataclass(frozen=True)
class ReadRequest:
    """What a read path wants: facts (scopes) for a purpose, on a case if it has one."""

    scopes: Sequence[FactScope]
    purpose: str | None = None
    case_id: str | None = None
    channel: str = "web"
    subject: str = ""
    # Recorded before the decision when the case has none yet (the first disclosure).
    proportionality_note: str | None = None
    # An indivisible read (a bulk export derived from all its scopes together): when the
    # policy withholds any scope, nothing is shown.
    whole: bool = False
    # Records about subjects (pages, API) or a bulk export of whole registers (CLI).
    kind: AccessKind = AccessKind.RECORD
    # What the audit event says about the loaded value, None when nothing was loaded (an
    # export's file and row count).
    describe: Callable[[Any], Mapping[str, str | int]] | None = None


@dataclass(frozen=True)
class ReadOutcome(Generic[T]):
    value: T | None
    decisions: Mapping[FactScope, Decision] = field(default_factory=dict)
    audit_seq: int | None = None

    @property
    def withheld(self) -> dict[FactScope, Decision]:
        return {s: d for s, d in self.decisions.items() if not d.allowed}

    @property
    def shown(self) -> list[FactScope]:
        return [s for s, d in self.decisions.items() if d.allowed]


def read_facts(
    *, user: User, request: ReadRequest, load: Callable[[Sequence[FactScope]], T]
) -> ReadOutcome[T]:
    """Decide, load the allowed scopes, audit and ledger; all or nothing.

    The load runs inside the transaction before the audit event is written, so that the
    event can say what was produced; if the load or the audit fails, neither stands."""
    with transaction.atomic():
        case = case_get(case_id=request.case_id) if request.case_id else None
        context = case_context(case=case) if case else None
        decisions = _decide(user, request, context)
        if case is not None and _note_would_unlock(user, request, decisions):
            proportionality_note_record(
                user=user, case=case, text=request.proportionality_note or ""
            )
            decisions = _decide(user, request, case_context(case=case))
        if request.whole:
            decisions = _all_or_nothing(decisions)
        shown = [s for s in request.scopes if decisions[s].allowed]
        value = load(shown) if shown else None
        seq = None
        if any(s.classification is not Classification.OPEN for s in request.scopes):
            detail = request.describe(value) if request.describe else {}
            seq = _audit(user, request, decisions, detail).seq
            _ledger(user, request, case, decisions, seq)
    return ReadOutcome(value, decisions, seq)


def _decide(
    user: User, request: ReadRequest, context: CaseContext | None
) -> dict[FactScope, Decision]:
    policy = current_policy()
    actor = user.actor()
    return {
        scope: policy.decide(
            AccessRequest(
                actor=actor, scope=scope, kind=request.kind, purpose=request.purpose, case=context
            )
        )
        for scope in request.scopes
    }


def _all_or_nothing(decisions: Mapping[FactScope, Decision]) -> dict[FactScope, Decision]:
    """Withhold every scope of an indivisible read when the policy withholds one of them."""
    refused = next((s for s, d in decisions.items() if not d.allowed), None)
    if refused is None:
        return dict(decisions)
    because = f"{WITHHELD_ALONG}{_name(refused)}: {decisions[refused].reason}"
    return {
        s: d if not d.allowed else replace(d, allowed=False, reason=because, legal_basis="")
        for s, d in decisions.items()
    }


def _note_would_unlock(
    user: User, request: ReadRequest, decisions: Mapping[FactScope, Decision]
) -> bool:
    """Record the offered note only where it is the missing piece and the user may write it."""
    return (
        bool(request.proportionality_note)
        and any(d.unmet is Requirement.PROPORTIONALITY for d in decisions.values())
        and current_policy().may(user.actor(), "case.note_proportionality").allowed
    )


def _name(scope: FactScope) -> str:
    return f"{scope.agency}/{scope.register}"


def _audit(
    user: User,
    request: ReadRequest,
    decisions: Mapping[FactScope, Decision],
    detail: Mapping[str, str | int],
) -> AuditEntry:
    return audit_record(
        FactsRead(
            actor=user.username,
            agency=user.agency,
            purpose=request.purpose or "",
            case_id=request.case_id or "",
            subject=request.subject,
            channel=request.channel,
            shown=tuple(_name(s) for s, d in decisions.items() if d.allowed),
            withheld=tuple((_name(s), d.reason) for s, d in decisions.items() if not d.allowed),
            legal_basis=tuple(sorted({d.legal_basis for d in decisions.values() if d.allowed})),
            policy_version=current_policy().version,
            detail=dict(detail),
        )
    )


def _ledger(
    user: User,
    request: ReadRequest,
    case: Case | None,
    decisions: Mapping[FactScope, Decision],
    seq: int,
) -> None:
    Disclosure.objects.bulk_create(
        [
            Disclosure(
                from_agency=scope.agency,
                to_agency=user.agency,
                provision=decision.legal_basis,
                purpose=request.purpose or "",
                case=case,
                register=scope.register,
                subject=scope.subject or request.subject,
                categories=list(scope.categories),
                user=user,
                audit_seq=seq,
            )
            for scope, decision in decisions.items()
            if decision.allowed
            and scope.agency != user.agency
            and scope.classification is not Classification.OPEN
        ]
    )
