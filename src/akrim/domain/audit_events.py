"""Typed audit events: one dataclass per kind of confidential read or state change.

Every event knows its action name and turns into the plain mapping that the audit chain
serialises; the database keeps the text, so an event's shape is part of the audit record.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True, kw_only=True, slots=True)
class AuditEvent:
    action: ClassVar[str] = "event"
    actor: str  # the username, or "system" for jobs
    agency: str = ""
    purpose: str = ""
    case_id: str = ""

    def payload(self) -> dict[str, Any]:
        return {"action": self.action, **asdict(self)}


@dataclass(frozen=True, kw_only=True, slots=True)
class FactsRead(AuditEvent):
    """A read of confidential facts: what was shown, what was withheld and why."""

    action: ClassVar[str] = "facts.read"
    subject: str = ""
    channel: str = ""  # web, api, cli
    shown: tuple[str, ...] = ()  # "agency/register" read
    withheld: tuple[tuple[str, str], ...] = ()  # ("agency/register", reason)
    legal_basis: tuple[str, ...] = ()
    policy_version: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class AggregateReleased(AuditEvent):
    action: ClassVar[str] = "strategic.release"
    table: str = ""
    k: int = 0
    cells: int = 0
    suppressed: int = 0


@dataclass(frozen=True, kw_only=True, slots=True)
class CaseOpened(AuditEvent):
    action: ClassVar[str] = "case.opened"
    provision: str = ""
    subjects: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class CaseClosed(AuditEvent):
    action: ClassVar[str] = "case.closed"
    reason: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class CaseSubjectAdded(AuditEvent):
    action: ClassVar[str] = "case.subject_added"
    subject: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class ProportionalityNoted(AuditEvent):
    action: ClassVar[str] = "case.proportionality_noted"
    note_id: int = 0


@dataclass(frozen=True, kw_only=True, slots=True)
class UserChanged(AuditEvent):
    action: ClassVar[str] = "user.changed"
    username: str = ""
    user_agency: str = ""
    centre: str = ""
    roles: tuple[str, ...] = ()
    active: bool = True


@dataclass(frozen=True, kw_only=True, slots=True)
class SignedIn(AuditEvent):
    action: ClassVar[str] = "auth.signed_in"
    ip_address: str = ""
    second_factor: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class SignInFailed(AuditEvent):
    """A wrong password or one-time code; ``actor`` is the user name that was tried."""

    action: ClassVar[str] = "auth.sign_in_failed"
    ip_address: str = ""
    stage: str = ""  # "password" or "code"


@dataclass(frozen=True, kw_only=True, slots=True)
class SignInLockedOut(AuditEvent):
    action: ClassVar[str] = "auth.locked_out"
    ip_address: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class SecondFactorChanged(AuditEvent):
    """A user's one-time-code device enrolled or removed, or the requirement changed."""

    action: ClassVar[str] = "auth.second_factor_changed"
    username: str = ""
    enrolled: bool = False
    required: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class RetentionPurged(AuditEvent):
    action: ClassVar[str] = "dataprotection.purged"
    run_id: int = 0
    removed: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True, slots=True)
class CheckpointMade(AuditEvent):
    action: ClassVar[str] = "audit.checkpoint"
    seq: int = 0
    head_hash: str = ""
