"""Writes on data protection: keep records of processing current; run the retention purge."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from akrim.domain.audit_events import RetentionPurged
from akrim.domain.registers import REGISTER_FILES, Classification, RegisterFile
from akrim.web.audit.services import audit_record
from akrim.web.cases.models import Case
from akrim.web.cases.retention import case_material_purge
from akrim.web.dataprotection.models import ProcessingRecord, PurgeLogEntry, PurgeRun
from akrim.web.dataprotection.store_retention import purge_store
from akrim.web.sharing.models import Disclosure, ReleasedCellRecord
from akrim.web.sharing.policy import current_policy
from akrim.web.tips.services import stale_tips, stale_tips_delete

PURPOSE = (
    "Prevent, detect, stop and sanction work-related crime in the joint centres "
    "(a-kriminformasjonsforskriften § 1 and § 3)"
)
PURGED_TITLE = "[purged after retention]"


def _basis(register_file: RegisterFile) -> str:
    provisions = current_policy().provisions
    key = {
        Classification.OPEN: "open",
        Classification.CONFIDENTIAL: "s3",
        Classification.POLICE: "police",
    }[register_file.classification]
    return provisions.get(key, key)


def _categories(register_file: RegisterFile) -> list[str]:
    kinds = sorted({f"{m.kind}s ({m.role})" for m in register_file.mentions})
    return [register_file.register, *kinds]


def processing_records_sync() -> int:
    """One record per register file of the input contract, retention from the policy."""
    retention = current_policy().retention_days
    with transaction.atomic():
        for register_file in REGISTER_FILES:
            ProcessingRecord.objects.update_or_create(
                path=register_file.path,
                defaults={
                    "agency": register_file.agency,
                    "register": register_file.register,
                    "classification": str(register_file.classification),
                    "purpose": PURPOSE,
                    "legal_basis": _basis(register_file),
                    "categories": _categories(register_file),
                    "retention_days": retention[str(register_file.classification)],
                },
            )
    return len(REGISTER_FILES)


def retention_purge(*, by: str, dry_run: bool = False, now: datetime | None = None) -> PurgeRun:
    """Remove what is past its retention period, log each removal, audit the run."""
    now = now or timezone.now()
    days = current_policy().retention_days
    with transaction.atomic():
        run = PurgeRun.objects.create(started_at=now, by=by, dry_run=dry_run)
        removed = {
            "closed_cases": _purge_cases(run, now - timedelta(days=days["closed_case"]), dry_run),
            "disclosures": _purge_ledger(
                run, now - timedelta(days=days["disclosure_ledger"]), dry_run
            ),
            "released_cells": _purge_releases(
                run, now - timedelta(days=days["strategic_release"]), dry_run
            ),
            "tips": _purge_tips(run, now, dry_run),
        }
        cutoffs = {c: now - timedelta(days=days[c]) for c in ("open", "confidential", "police")}
        for table, n in purge_store(Path(settings.STORE), cutoffs, dry_run=dry_run).items():
            removed[f"facts.{table}"] = n
            _log(run, f"facts.{table}", f"{n} superseded versions", "retention by classification")
        run.removed, run.finished_at = removed, timezone.now()
        run.save(update_fields=["removed", "finished_at"])
        if not dry_run:
            audit_record(RetentionPurged(actor=by, run_id=run.pk, removed=removed))
    return run


def _log(run: PurgeRun, target: str, key: str, rule: str) -> None:
    PurgeLogEntry.objects.create(run=run, target=target, key=key, rule=rule)


def _purge_cases(run: PurgeRun, cutoff: datetime, dry_run: bool) -> int:
    """Closed cases past retention keep their number (the ledger points at it) and their
    result figures, lose the rest (`akrim.web.cases.retention`)."""
    cases = Case.objects.filter(state=Case.State.CLOSED, closed_at__lt=cutoff).exclude(
        title=PURGED_TITLE
    )
    count = 0
    for case in cases:
        _log(run, "case", str(case.pk), "closed_case retention")
        if not dry_run:
            case_material_purge(case)
            case.title = PURGED_TITLE
            case.save(update_fields=["title"])
        count += 1
    return count


def _purge_ledger(run: PurgeRun, cutoff: datetime, dry_run: bool) -> int:
    old = Disclosure.objects.filter(at__lt=cutoff)
    count = old.count()
    if count:
        _log(run, "disclosure", f"{count} entries before {cutoff.date()}", "ledger retention")
        if not dry_run:
            old.delete()
    return count


def _purge_tips(run: PurgeRun, now: datetime, dry_run: bool) -> int:
    """Tips that led nowhere, past the retention of confidential data."""
    count = stale_tips(now).count() if dry_run else stale_tips_delete(now)
    if count:
        _log(run, "tips", f"{count} tips dismissed or never triaged", "confidential retention")
    return count


def _purge_releases(run: PurgeRun, cutoff: datetime, dry_run: bool) -> int:
    old = ReleasedCellRecord.objects.filter(release__at__lt=cutoff)
    count = old.count()
    if count:
        _log(run, "released_cells", f"{count} cells before {cutoff.date()}", "release retention")
        if not dry_run:
            old.delete()
    return count
