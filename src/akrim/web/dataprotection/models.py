"""Records of processing, and the purge job's runs and log."""

from __future__ import annotations

from django.db import models


class ProcessingRecord(models.Model):
    """What the platform processes from one register, why, on which basis, for how long."""

    path = models.CharField(max_length=80, unique=True)  # e.g. skatteetaten/a_melding.csv
    agency = models.CharField(max_length=40)
    register = models.CharField(max_length=60)
    classification = models.CharField(max_length=20)
    purpose = models.TextField()
    legal_basis = models.TextField()
    categories = models.JSONField(default=list)
    retention_days = models.PositiveIntegerField()
    updated_at = models.DateTimeField(auto_now=True)


class PurgeRun(models.Model):
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)
    by = models.CharField(max_length=150)
    dry_run = models.BooleanField(default=False)
    removed = models.JSONField(default=dict)  # target -> count


class PurgeLogEntry(models.Model):
    """One thing the purge removed or anonymised, and under which retention rule."""

    run = models.ForeignKey(PurgeRun, on_delete=models.CASCADE, related_name="entries")
    target = models.CharField(max_length=80)
    key = models.CharField(max_length=200)
    rule = models.CharField(max_length=200)
