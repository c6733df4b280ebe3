"""Writes on cases: open, add a subject, record a proportionality note, close."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from akrim.domain.audit_events import CaseClosed, CaseOpened, CaseSubjectAdded, ProportionalityNoted
from akrim.web.accounts.models import User
from akrim.web.audit.services import audit_record
from akrim.web.cases.models import Case, CaseSubject, ProportionalityNote
from akrim.web.sharing.policy import current_policy, require

MIN_NOTE_LENGTH = 20


def case_open(
    *,
    user: User,
    title: str,
    subjects: Sequence[str],
    purpose: str,
    provision: str = "s3",
    agencies: Sequence[str] = (),
) -> Case:
    actor = user.actor()
    require(actor, "case.open")
    policy = current_policy()
    if purpose not in policy.purposes:
        raise ValueError(f"purpose must be one of: {', '.join(sorted(policy.purposes))}")
    if provision not in policy.provisions:
        raise ValueError(f"provision must be one of: {', '.join(sorted(policy.provisions))}")
    with transaction.atomic():
        case = Case.objects.create(
            title=title,
            centre=user.centre,
            purpose=purpose,
            provision=provision,
            agencies=sorted({user.agency, *agencies}),
            opened_by=user,
        )
        CaseSubject.objects.bulk_create([CaseSubject(case=case, subject=s) for s in set(subjects)])
        audit_record(
            CaseOpened(
                actor=user.username,
                agency=user.agency,
                purpose=purpose,
                case_id=str(case.pk),
                provision=provision,
                subjects=tuple(sorted(set(subjects))),
            )
        )
    return case


def case_subject_add(*, user: User, case: Case, subject: str) -> None:
    require(user.actor(), "case.open")
    with transaction.atomic():
        CaseSubject.objects.get_or_create(case=case, subject=subject)
        audit_record(
            CaseSubjectAdded(
                actor=user.username, agency=user.agency, case_id=str(case.pk), subject=subject
            )
        )


def proportionality_note_record(*, user: User, case: Case, text: str) -> ProportionalityNote:
    require(user.actor(), "case.note_proportionality")
    if len(text.strip()) < MIN_NOTE_LENGTH:
        raise ValueError(
            f"a proportionality note says why sharing is necessary (at least {MIN_NOTE_LENGTH} "
            "characters)"
        )
    if case.state != Case.State.OPEN:
        raise ValueError(f"case {case.pk} is closed")
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


def case_close(*, user: User, case: Case, reason: str) -> None:
    require(user.actor(), "case.close")
    with transaction.atomic():
        case.state = Case.State.CLOSED
        case.closed_at = timezone.now()
        case.save(update_fields=["state", "closed_at"])
        audit_record(
            CaseClosed(actor=user.username, agency=user.agency, case_id=str(case.pk), reason=reason)
        )
