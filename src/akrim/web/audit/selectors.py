"""Reads on the audit log: verification against the head and checkpoints; listings."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from akrim.domain.audit_chain import ChainEntry, Checkpoint, Verification, verify_chain
from akrim.web.audit.models import AuditCheckpoint, AuditEntry, AuditHead
from akrim.web.audit.services import checkpoint_key

# Query columns that must agree with the chained text.
_COLUMNS = ("action", "actor", "purpose", "case_id")


def audit_verify(*, witnessed: Sequence[Checkpoint] = ()) -> Verification:
    """Verify the whole chain, the stored head, stored checkpoints and ``witnessed`` ones."""
    head_row = AuditHead.objects.filter(pk=1).first()
    head = Checkpoint(head_row.seq, head_row.hash, "") if head_row else None
    stored = [
        Checkpoint(c.seq, c.hash, c.created_at, c.signature) for c in AuditCheckpoint.objects.all()
    ]
    column_problem: list[tuple[int, str]] = []
    result = verify_chain(
        _entries(column_problem),
        head=head,
        checkpoints=[*stored, *witnessed],
        checkpoint_key=checkpoint_key(),
    )
    if column_problem and (result.intact or column_problem[0][0] < (result.first_bad_seq or 0)):
        seq, problem = column_problem[0]
        return Verification(False, result.entries, seq, problem)
    return result


def _entries(problems: list[tuple[int, str]]) -> Iterator[ChainEntry]:
    for row in AuditEntry.objects.order_by("seq", "id").iterator():
        if not problems:
            mismatch = _column_mismatch(row)
            if mismatch:
                problems.append((row.seq, mismatch))
        yield ChainEntry(row.seq, row.text, row.prev_hash, row.hash)


def _column_mismatch(row: AuditEntry) -> str:
    try:
        event = json.loads(row.text)
    except ValueError:
        return ""  # the chain check reports unreadable text
    for column in _COLUMNS:
        if str(event.get(column, "")) != getattr(row, column):
            return f"its {column} column differs from the chained event"
    return ""


def audit_entries(*, action: str | None = None, limit: int = 100) -> list[AuditEntry]:
    rows = AuditEntry.objects.order_by("-seq")
    if action:
        rows = rows.filter(action=action)
    return list(rows[:limit])
