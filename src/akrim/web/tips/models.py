"""Tip tables: a tip from the public form, what the reporter added later, its triage history,
its links to resolved entities, and the per-connection throttle of the public form."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Tip(models.Model):
    class State(models.TextChoices):
        NEW = "new"
        TRIAGED = "triaged"
        LINKED = "linked"
        NOMINATED = "nominated"
        DISMISSED = "dismissed"

    # The centre that receives the tip (empty: national triage, the county was not known).
    centre = models.CharField(max_length=60, blank=True, db_index=True)
    language = models.CharField(max_length=5)
    reporter_kind = models.CharField(max_length=10)
    anonymous = models.BooleanField(default=True)
    contact = models.CharField(max_length=200, blank=True)
    company_name = models.CharField(max_length=200, blank=True)
    orgnr = models.CharField(max_length=9, blank=True)
    workplace = models.CharField(max_length=300, blank=True)
    county = models.CharField(max_length=2, blank=True)
    categories = models.JSONField(default=list)
    description = models.TextField()
    occurred = models.CharField(max_length=100, blank=True)
    # SHA-256 of the receipt code; the code itself is shown once and never stored.
    receipt_hash = models.CharField(max_length=64, unique=True)
    received_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.NEW)
    state_reason = models.TextField(blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    case_id = models.PositiveBigIntegerField(null=True, blank=True)  # the nominated case

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"tip {self.pk}"


class TipAddition(models.Model):
    """Information the reporter added later with their receipt code."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="additions")
    text = models.TextField()
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]


class TipLink(models.Model):
    """A resolved entity (company by org number, or a threat actor) the tip is about."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="links")
    entity_kind = models.CharField(max_length=10)  # company, network
    entity_id = models.CharField(max_length=80)
    label = models.CharField(max_length=200, blank=True)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["linked_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tip", "entity_kind", "entity_id"], name="tip_link")
        ]


class TipStateChange(models.Model):
    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="state_changes")
    from_state = models.CharField(max_length=10)
    to_state = models.CharField(max_length=10)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class TipAttempt(models.Model):
    """One use of the public form or the receipt page by a connection (a keyed hash of its
    address, never the address), for the per-connection throttle; purged after a day."""

    client = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=10)  # submit, receipt
    at = models.DateTimeField(auto_now_add=True, db_index=True)
