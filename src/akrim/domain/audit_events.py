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
    # What the read produced, for reads that leave a trace of their own (an export: its
    # kind, output file and row count).
    detail: dict[str, str | int] = field(default_factory=dict)


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
    source: str = ""  # priority, tip or manual (the case workflow)
    source_ref: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class CaseClosed(AuditEvent):
    action: ClassVar[str] = "case.closed"
    reason: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class CaseTransitioned(AuditEvent):
    """A step of the case workflow (akrim.domain.case_workflow)."""

    action: ClassVar[str] = "case.transition"
    transition: str = ""
    from_state: str = ""
    to_state: str = ""
    reason: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class CaseUpdated(AuditEvent):
    action: ClassVar[str] = "case.updated"
    changes: tuple[tuple[str, str], ...] = ()  # (field, new value)


@dataclass(frozen=True, kw_only=True, slots=True)
class CaseMaterialAdded(AuditEvent):
    """A note, attachment, open-source finding or collected register fact on a case."""

    action: ClassVar[str] = "case.material_added"
    material: str = ""  # note, attachment, osint, fact
    item_id: int = 0
    sha256: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class CaseMaterialRead(AuditEvent):
    """A download of a case's attachment (its content is the case's confidential material)."""

    action: ClassVar[str] = "case.material_read"
    material: str = ""
    item_id: int = 0
    sha256: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class ReportDrafted(AuditEvent):
    action: ClassVar[str] = "case.report_drafted"
    version: int = 0
    drafted_from: str = ""  # "material" for a fresh draft, "edit" for an edited version


@dataclass(frozen=True, kw_only=True, slots=True)
class ReportExported(AuditEvent):
    action: ClassVar[str] = "case.report_exported"
    version: int = 0
    format: str = "pdf"
    sha256: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class SteeringDecided(AuditEvent):
    action: ClassVar[str] = "case.steering_decided"
    outcome: str = ""
    reason: str = ""
    report_version: int = 0


@dataclass(frozen=True, kw_only=True, slots=True)
class MeasurePlanned(AuditEvent):
    action: ClassVar[str] = "measure.planned"
    measure_id: int = 0
    kind: str = ""
    measure_agency: str = ""
    due_date: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class MeasureChanged(AuditEvent):
    action: ClassVar[str] = "measure.changed"
    measure_id: int = 0
    from_state: str = ""
    to_state: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class CoordinatedActionPlanned(AuditEvent):
    action: ClassVar[str] = "measure.coordinated"
    coordinated_action_id: int = 0
    date: str = ""
    place: str = ""
    measure_ids: tuple[int, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class MeasureResultRecorded(AuditEvent):
    action: ClassVar[str] = "measure.result_recorded"
    measure_id: int = 0
    result_id: int = 0
    reporting_year: int = 0


@dataclass(frozen=True, kw_only=True, slots=True)
class CaseEvaluated(AuditEvent):
    action: ClassVar[str] = "case.evaluated"
    effects: tuple[tuple[int, str], ...] = ()  # (measure id, effect)


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


@dataclass(frozen=True, kw_only=True, slots=True)
class TipReceived(AuditEvent):
    """A tip came in through the public form (the reporter is not an actor: ``public``)."""

    action: ClassVar[str] = "tip.received"
    tip_id: int = 0
    centre: str = ""
    categories: tuple[str, ...] = ()
    anonymous: bool = True


@dataclass(frozen=True, kw_only=True, slots=True)
class TipSupplemented(AuditEvent):
    """The reporter added information with their receipt code."""

    action: ClassVar[str] = "tip.supplemented"
    tip_id: int = 0


@dataclass(frozen=True, kw_only=True, slots=True)
class TipRead(AuditEvent):
    """A staff user opened a tip's contents (a read of the receiving centre's confidential data)."""

    action: ClassVar[str] = "tip.read"
    tip_id: int = 0
    centre: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class TipTriaged(AuditEvent):
    """A tip's state, assignee or links changed in triage."""

    action: ClassVar[str] = "tip.triaged"
    tip_id: int = 0
    change: str = ""  # state, assign, link, unlink, nominate
    from_state: str = ""
    to_state: str = ""
    assignee: str = ""
    entity: str = ""
    reason: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class LinkDecided(AuditEvent):
    """An analyst confirmed or rejected a link between two mentions (applied on the next
    analyse run)."""

    action: ClassVar[str] = "link.decided"
    entity_kind: str = ""  # person or company
    entity_id: str = ""  # the entity page the decision was made on
    left: str = ""  # source_file#record_id#role
    right: str = ""
    verdict: str = ""  # confirm or reject
    note: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class ApiTokenIssued(AuditEvent):
    """A personal API token was issued to a user (its secret is never recorded)."""

    action: ClassVar[str] = "api.token_issued"
    username: str = ""
    key_id: str = ""
    name: str = ""
    expires_at: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class ApiTokenRevoked(AuditEvent):
    action: ClassVar[str] = "api.token_revoked"
    username: str = ""
    key_id: str = ""
