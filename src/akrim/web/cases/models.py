"""Case tables: a case on subjects for a purpose under a provision, open or closed."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Case(models.Model):
    class State(models.TextChoices):
        OPEN = "open"
        CLOSED = "closed"

    title = models.CharField(max_length=200)
    centre = models.CharField(max_length=60, blank=True)
    purpose = models.CharField(max_length=40)
    provision = models.CharField(max_length=40)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    # The agencies taking part; the owning agency of police facts must be one of them.
    agencies = models.JSONField(default=list)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases_opened"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)


class CaseSubject(models.Model):
    """A subject of the case: an org number, a person id, or a resolved entity id."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="subjects")
    subject = models.CharField(max_length=80)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "subject"], name="case_subject")]


class ProportionalityNote(models.Model):
    """Why sharing is necessary and proportionate for this case: recorded before the first
    disclosure on it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="proportionality_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
