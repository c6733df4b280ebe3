"""Writes on the audit log: append an event inside the caller's transaction; checkpoints."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction

from akrim.domain.audit_chain import GENESIS_HASH, ChainEntry, Checkpoint, next_entry
from akrim.domain.audit_events import AuditEvent, CheckpointMade
from akrim.web.audit.models import AuditCheckpoint, AuditEntry, AuditHead


def _locked_head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head = AuditHead.objects.create(pk=1, seq=0, hash=GENESIS_HASH)
    return head


def audit_record(event: AuditEvent) -> AuditEntry:
    """Chain ``event`` onto the log. Joins the caller's transaction, so the entry commits or
    rolls back with the work it records."""
    with transaction.atomic():
        head = _locked_head()
        prev = ChainEntry(head.seq, "", "", head.hash) if head.seq else None
        now = datetime.now(UTC)
        payload = {**event.payload(), "occurred_at": now.isoformat()}
        entry = next_entry(prev, payload)
        row = AuditEntry.objects.create(
            seq=entry.seq,
            text=entry.text,
            prev_hash=entry.prev_hash,
            hash=entry.hash,
            action=event.action,
            actor=event.actor,
            purpose=event.purpose,
            case_id=event.case_id,
            occurred_at=now,
        )
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    return row


def checkpoint_key() -> bytes:
    return str(settings.AKRIM_AUDIT_KEY).encode("utf-8")


def audit_checkpoint_create(*, by: str) -> Checkpoint:
    """Sign the current head, keep it, and log that it was made (after the signed head)."""
    with transaction.atomic():
        head = _locked_head()
        created = datetime.now(UTC).isoformat()
        checkpoint = Checkpoint(head.seq, head.hash, created).signed(checkpoint_key())
        AuditCheckpoint.objects.create(
            seq=checkpoint.seq,
            hash=checkpoint.hash,
            created_at=checkpoint.created_at,
            signature=checkpoint.signature,
        )
        audit_record(CheckpointMade(actor=by, seq=checkpoint.seq, head_hash=checkpoint.hash))
    return checkpoint
