"""Sharing tables: the disclosure ledger and the register of released strategic tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Disclosure(models.Model):
    """One inter-agency disclosure: facts of one agency's register shown to another's user."""

    from_agency = models.CharField(max_length=40, db_index=True)
    to_agency = models.CharField(max_length=40, db_index=True)
    provision = models.CharField(max_length=200)
    purpose = models.CharField(max_length=40)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True)
    register = models.CharField(max_length=60)
    subject = models.CharField(max_length=80, blank=True)
    categories = models.JSONField(default=list)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    audit_seq = models.PositiveBigIntegerField()


class StrategicRelease(models.Model):
    """A table released in strategic mode, with its published values."""

    name = models.CharField(max_length=200)
    population = models.CharField(max_length=200, db_index=True)
    k = models.PositiveIntegerField()
    values = models.JSONField()  # [[row, col, value or null], ...]
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True, db_index=True)


class ReleasedCellRecord(models.Model):
    """A released table's cell (published or withheld) with its contributors as keyed
    hashes, so later tables can be checked against differencing without keeping identities."""

    release = models.ForeignKey(StrategicRelease, on_delete=models.CASCADE, related_name="cells")
    row = models.CharField(max_length=200)
    col = models.CharField(max_length=200)
    contributors = models.JSONField()
    published = models.BooleanField(default=True)
