"""Audit log tables: the chained entries, the stored head, and the checkpoints made."""

from __future__ import annotations

from django.db import models


class AuditEntry(models.Model):
    """One chained event. `text` is the canonical event; the other columns are for queries
    and are checked against `text` on verification."""

    seq = models.PositiveBigIntegerField(unique=True)
    text = models.TextField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    action = models.CharField(max_length=60, db_index=True)
    actor = models.CharField(max_length=150, db_index=True)
    purpose = models.CharField(max_length=40, blank=True)
    case_id = models.CharField(max_length=40, blank=True, db_index=True)
    occurred_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["seq"]


class AuditHead(models.Model):
    """The chain's head (entry count and last hash), moved in the same transaction as each
    append: a truncated log no longer reaches it."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)


class AuditCheckpoint(models.Model):
    seq = models.PositiveBigIntegerField()
    hash = models.CharField(max_length=64)
    created_at = models.CharField(max_length=40)
    signature = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
