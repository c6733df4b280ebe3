"""Writes of the analysis: notes, attachments, open-source findings and register facts
collected for a case. Register facts come only through the read gateway (`read_facts`),
which decides, audits and ledgers the read; the case keeps what was shown, with provenance."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from akrim.domain import case_workflow as wf
from akrim.domain.access import FactScope
from akrim.domain.audit_events import CaseMaterialAdded, CaseMaterialRead
from akrim.web.accounts.models import User
from akrim.web.audit.services import audit_record
from akrim.web.cases.models import Case, CaseAttachment, CaseFact, CaseNote, OsintFinding
from akrim.web.sharing.gateway import ReadOutcome, ReadRequest, read_facts
from akrim.web.sharing.policy import require

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024


def _require_analysis(user: User, case: Case) -> None:
    require(user.actor(), "case.analyse")
    if case.state not in wf.ANALYSIS_STATES:
        allowed = ", ".join(sorted(wf.ANALYSIS_STATES))
        raise ValueError(f"case {case.pk} is {case.state}: add material only when {allowed}")


def _audit(user: User, case: Case, material: str, item_id: int, sha256: str = "") -> None:
    audit_record(
        CaseMaterialAdded(
            actor=user.username,
            agency=user.agency,
            purpose=case.purpose,
            case_id=str(case.pk),
            material=material,
            item_id=item_id,
            sha256=sha256,
        )
    )


def note_add(*, user: User, case: Case, text: str) -> CaseNote:
    _require_analysis(user, case)
    if not text.strip():
        raise ValueError("a note needs text")
    with transaction.atomic():
        note = CaseNote.objects.create(case=case, author=user, text=text.strip())
        _audit(user, case, "note", note.pk)
    return note


def attachment_add(
    *, user: User, case: Case, upload: UploadedFile, description: str = ""
) -> CaseAttachment:
    """Keep a file under the store's case-files directory, with its checksum."""
    _require_analysis(user, case)
    size = upload.size or 0
    if size > MAX_ATTACHMENT_BYTES:
        raise ValueError(f"attachments are at most {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MiB")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = (upload.name or "attachment").rsplit("/", 1)[-1]
    with transaction.atomic():
        attachment = CaseAttachment(
            case=case,
            uploaded_by=user,
            name=name,
            content_type=upload.content_type or "",
            size=size,
            sha256=digest.hexdigest(),
            description=description,
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        _audit(user, case, "attachment", attachment.pk, attachment.sha256)
    return attachment


def attachment_open(*, user: User, attachment: CaseAttachment) -> File:
    """Open an attachment for a user who may read cases; the read is audited."""
    require(user.actor(), "case.read")
    case = attachment.case
    with transaction.atomic():
        audit_record(
            CaseMaterialRead(
                actor=user.username,
                agency=user.agency,
                purpose=case.purpose,
                case_id=str(case.pk),
                material="attachment",
                item_id=attachment.pk,
                sha256=attachment.sha256,
            )
        )
    return attachment.file.open("rb")


def osint_add(
    *,
    user: User,
    case: Case,
    title: str,
    summary: str,
    source_url: str = "",
    observed_on: date | None = None,
) -> OsintFinding:
    _require_analysis(user, case)
    if not title.strip() or not summary.strip():
        raise ValueError("an open-source finding needs a title and a summary")
    if source_url and not source_url.startswith(("http://", "https://")):
        raise ValueError("the source of a finding is an http(s) address")
    with transaction.atomic():
        finding = OsintFinding.objects.create(
            case=case,
            author=user,
            title=title.strip(),
            summary=summary.strip(),
            source_url=source_url,
            observed_on=observed_on,
        )
        _audit(user, case, "osint", finding.pk)
    return finding


@dataclass(frozen=True)
class FactRow:
    """One register fact as the read model returns it: a readable statement and where it
    comes from (delivery, file, line, extract date ...)."""

    agency: str
    register: str
    statement: str
    provenance: dict[str, Any] = field(default_factory=dict)


def _key(agency: str, register: str, statement: str, provenance: dict[str, Any]) -> tuple[str, ...]:
    return (
        agency,
        register,
        statement,
        str(provenance.get("source_file", "")),
        str(provenance.get("line", "")),
    )


def facts_collect(
    *,
    user: User,
    case: Case,
    subject: str,
    scopes: Sequence[FactScope],
    load: Callable[[Sequence[FactScope]], Sequence[FactRow]],
    proportionality_note: str | None = None,
) -> ReadOutcome[Sequence[FactRow]]:
    """Read a subject's facts on this case through the gateway and keep what was shown.

    ``load`` is the read model's fact loader; the gateway calls it with the allowed scopes
    only. Withheld scopes come back in the outcome with their reasons, for the page to show.
    """
    _require_analysis(user, case)
    if not case.subjects.filter(subject=subject).exists():
        raise ValueError(f"{subject} is not a subject of case {case.pk}")
    request = ReadRequest(
        scopes=scopes,
        purpose=case.purpose,
        case_id=str(case.pk),
        channel="web",
        subject=subject,
        proportionality_note=proportionality_note,
    )
    kept = {  # collecting again adds only what is new
        _key(f.agency, f.register, f.statement, f.provenance)
        for f in case.facts.filter(subject=subject)
    }
    with transaction.atomic():
        outcome = read_facts(user=user, request=request, load=load)
        basis = {f"{s.agency}/{s.register}": d.legal_basis for s, d in outcome.decisions.items()}
        rows = [
            CaseFact(
                case=case,
                collected_by=user,
                subject=subject,
                agency=row.agency,
                register=row.register,
                statement=row.statement,
                provenance=row.provenance,
                legal_basis=basis.get(f"{row.agency}/{row.register}", ""),
                audit_seq=outcome.audit_seq,
            )
            for row in outcome.value or ()
            if _key(row.agency, row.register, row.statement, row.provenance) not in kept
        ]
        CaseFact.objects.bulk_create(rows)
        if rows:
            _audit(user, case, "fact", len(rows))
    return outcome
