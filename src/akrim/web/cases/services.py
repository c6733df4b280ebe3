"""Writes on cases: nominate, move through the workflow, change owner and due date, record
proportionality notes. Every write is one transaction with its audit event."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from akrim.domain import case_workflow as wf
from akrim.domain.audit_events import (
    CaseOpened,
    CaseSubjectAdded,
    CaseTransitioned,
    CaseUpdated,
    ProportionalityNoted,
)
from akrim.web.accounts.models import User
from akrim.web.audit.services import audit_record
from akrim.web.cases.models import Case, CaseStateChange, CaseSubject, ProportionalityNote
from akrim.web.cases.selectors import case_facts
from akrim.web.sharing.policy import current_policy, require

MIN_NOTE_LENGTH = 20


class WorkflowRefused(PermissionError):
    """A transition the workflow does not allow now; carries the verdict with its reason."""

    def __init__(self, verdict: wf.Verdict) -> None:
        super().__init__(verdict.reason)
        self.verdict = verdict


@dataclass(frozen=True)
class SubjectSpec:
    """A subject to put on a case: its id, what it is, and a label to show."""

    subject: str
    kind: str = CaseSubject.Kind.ENTITY
    label: str = ""


def _spec(subject: SubjectSpec | str) -> SubjectSpec:
    if not isinstance(subject, SubjectSpec):
        return SubjectSpec(subject.strip(), subject_kind(subject.strip()))
    if subject.kind not in CaseSubject.Kind.values:
        kinds = ", ".join(CaseSubject.Kind.values)
        raise ValueError(f"subject {subject.subject}: kind must be one of {kinds}")
    return SubjectSpec(subject.subject.strip(), subject.kind, subject.label.strip())


def subject_kind(subject: str) -> str:
    """Guess the kind of a bare id: 9 digits is an org number, 11 a person number."""
    if subject.isdigit() and len(subject) == 9:
        return CaseSubject.Kind.COMPANY
    if subject.isdigit() and len(subject) == 11:
        return CaseSubject.Kind.PERSON
    return CaseSubject.Kind.ENTITY


def case_nominate(
    *,
    user: User,
    title: str,
    subjects: Sequence[SubjectSpec | str],
    purpose: str,
    provision: str = "s3",
    source: str = wf.CaseSource.MANUAL,
    source_ref: str = "",
    agencies: Sequence[str] = (),
    description: str = "",
    due_date: date | None = None,
    owner: User | None = None,
) -> Case:
    """Open a case in state `nominated`, from a priority, a tip or by hand."""
    require(user.actor(), "case.open")
    policy = current_policy()
    if purpose not in policy.purposes:
        raise ValueError(f"purpose must be one of: {', '.join(sorted(policy.purposes))}")
    if provision not in policy.provisions:
        raise ValueError(f"provision must be one of: {', '.join(sorted(policy.provisions))}")
    source = wf.CaseSource(source)  # a typo fails here, not as a silent "manual"
    specs = {s.subject: s for s in map(_spec, subjects) if s.subject.strip()}
    if not title.strip() or not specs:
        raise ValueError("a case needs a title and at least one subject")
    with transaction.atomic():
        case = Case.objects.create(
            title=title.strip(),
            description=description,
            centre=user.centre,
            purpose=purpose,
            provision=provision,
            source=source,
            source_ref=source_ref,
            agencies=sorted({user.agency, *agencies} - {""}),
            opened_by=user,
            owner=owner or user,
            due_date=due_date,
            state=wf.CaseState.NOMINATED,
        )
        CaseSubject.objects.bulk_create(
            [
                CaseSubject(case=case, subject=s.subject, kind=s.kind, label=s.label)
                for s in specs.values()
            ]
        )
        audit_record(
            CaseOpened(
                actor=user.username,
                agency=user.agency,
                purpose=purpose,
                case_id=str(case.pk),
                provision=provision,
                subjects=tuple(sorted(specs)),
                source=source,
                source_ref=source_ref,
            )
        )
    return case


def case_open(
    *,
    user: User,
    title: str,
    subjects: Sequence[str],
    purpose: str,
    provision: str = "s3",
    agencies: Sequence[str] = (),
) -> Case:
    """A manual nomination (the entry point the sharing core and its tests use)."""
    return case_nominate(
        user=user,
        title=title,
        subjects=subjects,
        purpose=purpose,
        provision=provision,
        agencies=agencies,
    )


def case_transition(*, user: User, case: Case, name: str, reason: str = "") -> Case:
    """Make workflow step ``name`` if the workflow allows it to this user now. Steps that
    record something besides the state go through their own service: `report_submit`,
    `steering_decide`, `case_evaluate`."""
    return case_transition_recording(user=user, case=case, name=name, reason=reason, record="")


def case_transition_recording(
    *, user: User, case: Case, name: str, reason: str = "", record: str
) -> Case:
    """The step for a service that writes its ``record`` (report, decision, evaluation) in
    the same transaction."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        facts = case_facts(case=locked, reason=reason)
        verdict = wf.decide(current_policy(), user.actor(), facts, name)
        if not verdict.allowed or verdict.transition is None:
            raise WorkflowRefused(verdict)
        if verdict.transition.records != record:
            needed = verdict.transition.records or "no record"
            raise WorkflowRefused(
                wf.Verdict(False, f"{name} is made with its {needed} form", verdict.transition)
            )
        _apply(user, locked, verdict.transition, reason)
    case.refresh_from_db()
    return case


def _apply(user: User, case: Case, transition: wf.Transition, reason: str) -> None:
    now = timezone.now()
    source = case.state
    case.state = transition.target
    case.state_changed_at = now
    fields = ["state", "state_changed_at"]
    if transition.target is wf.CaseState.CLOSED:
        case.closed_at = now
        fields.append("closed_at")
    case.save(update_fields=fields)
    CaseStateChange.objects.create(
        case=case,
        transition=transition.name,
        from_state=source,
        to_state=transition.target,
        by=user,
        reason=reason,
    )
    audit_record(
        CaseTransitioned(
            actor=user.username,
            agency=user.agency,
            purpose=case.purpose,
            case_id=str(case.pk),
            transition=transition.name,
            from_state=source,
            to_state=transition.target,
            reason=reason,
        )
    )


def case_close(*, user: User, case: Case, reason: str) -> None:
    """Close by the transition the current state offers to `case.close` (drop or close)."""
    closing = [
        t
        for t in wf.transitions_from(wf.CaseState(case.state))
        if t.target is wf.CaseState.CLOSED and t.action == "case.close"
    ]
    name = closing[0].name if closing else "close"
    case_transition(user=user, case=case, name=name, reason=reason)


def case_update(
    *, user: User, case: Case, owner: User | None = None, due_date: date | None = None
) -> Case:
    """Change the case's owner and/or due date (analysts and managers of the case)."""
    require(user.actor(), "case.analyse")
    changes: list[tuple[str, str]] = []
    if owner is not None and owner.pk != case.owner_id:
        case.owner = owner
        changes.append(("owner", owner.username))
    if due_date is not None and due_date != case.due_date:
        case.due_date = due_date
        changes.append(("due_date", due_date.isoformat()))
    if not changes:
        return case
    with transaction.atomic():
        case.save(update_fields=[field for field, _ in changes])
        audit_record(
            CaseUpdated(
                actor=user.username,
                agency=user.agency,
                case_id=str(case.pk),
                changes=tuple(changes),
            )
        )
    return case


def case_subject_add(
    *, user: User, case: Case, subject: str, kind: str = "", label: str = ""
) -> None:
    require(user.actor(), "case.open")
    _require_state(case, wf.ANALYSIS_STATES, "add subjects")
    with transaction.atomic():
        CaseSubject.objects.get_or_create(
            case=case,
            subject=subject,
            defaults={"kind": kind or subject_kind(subject), "label": label},
        )
        audit_record(
            CaseSubjectAdded(
                actor=user.username, agency=user.agency, case_id=str(case.pk), subject=subject
            )
        )


def _require_state(case: Case, states: frozenset[wf.CaseState], doing: str) -> None:
    if case.state not in states:
        allowed = ", ".join(sorted(states))
        raise ValueError(f"case {case.pk} is {case.state}: {doing} only when {allowed}")


def proportionality_note_record(*, user: User, case: Case, text: str) -> ProportionalityNote:
    require(user.actor(), "case.note_proportionality")
    if len(text.strip()) < MIN_NOTE_LENGTH:
        raise ValueError(
            f"a proportionality note says why sharing is necessary (at least {MIN_NOTE_LENGTH} "
            "characters)"
        )
    if case.state not in current_policy().sharing_states:
        raise ValueError(f"case {case.pk} is {case.state}: no sharing on it")
    with transaction.atomic():
        note = ProportionalityNote.objects.create(case=case, author=user, text=text.strip())
        audit_record(
            ProportionalityNoted(
                actor=user.username,
                agency=user.agency,
                case_id=str(case.pk),
                purpose=case.purpose,
                note_id=note.pk,
            )
        )
    return note
