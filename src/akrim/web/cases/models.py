"""Case tables: a case on subjects for a purpose under a provision, through the intelligence
cycle (nomination, analysis, report, steering decision, measures, results, evaluation).

The states and transitions are decided in `akrim.domain.case_workflow`; these tables only
keep what happened. Money is DECIMAL (kroner, two places), counts are non-negative integers.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models

from akrim.domain.case_workflow import (
    CaseSource,
    CaseState,
    MeasureEffect,
    MeasureKind,
    MeasureState,
    SteeringOutcome,
)


def _choices(enum: Any) -> list[tuple[str, str]]:
    return [(m.value, m.value.replace("_", " ").capitalize()) for m in enum]


class CaseFileStorage(FileSystemStorage):
    """Attachments live in the store directory (``<store>/case-files``), read at use time so
    a test or a command with another store writes there."""

    @property
    def base_location(self) -> str:
        return str(settings.STORE / "case-files")

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def case_file_storage() -> CaseFileStorage:
    return CaseFileStorage()


class Case(models.Model):
    # Kept as a nested name so callers write Case.State.CLOSED; the values are the domain's.
    State = models.TextChoices("State", [(s.name, s.value) for s in CaseState])

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    centre = models.CharField(max_length=60, blank=True)
    purpose = models.CharField(max_length=40)
    provision = models.CharField(max_length=40)
    state = models.CharField(max_length=24, choices=_choices(CaseState), default="nominated")
    source = models.CharField(max_length=12, choices=_choices(CaseSource), default="manual")
    # The threat actor id (priority), the tip id (tip), or empty (manual).
    source_ref = models.CharField(max_length=80, blank=True)
    # The agencies taking part; the owning agency of police facts must be one of them.
    agencies = models.JSONField(default=list)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases_opened"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases_owned",
        null=True,
        blank=True,
    )
    due_date = models.DateField(null=True, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["state", "due_date"], name="case_state_due")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"


class CaseSubject(models.Model):
    """A subject of the case: an org number, a person id, or a network (threat actor) id."""

    class Kind(models.TextChoices):
        COMPANY = "company"
        PERSON = "person"
        NETWORK = "network"
        ENTITY = "entity"  # a resolved entity id

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="subjects")
    subject = models.CharField(max_length=80)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ENTITY)
    label = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "subject"], name="case_subject")]


class ProportionalityNote(models.Model):
    """Why sharing is necessary and proportionate for this case: recorded before the first
    disclosure on it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="proportionality_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)


class CaseStateChange(models.Model):
    """One transition of the workflow, as the case's own history (the audit log has it too)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="state_changes")
    transition = models.CharField(max_length=30)
    from_state = models.CharField(max_length=24)
    to_state = models.CharField(max_length=24)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class CaseAttachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    file = models.FileField(upload_to="case-%Y/", storage=case_file_storage, max_length=300)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    description = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class OsintFinding(models.Model):
    """An open-source finding: a web page, a news item, a public register entry."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="osint_findings")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    title = models.CharField(max_length=200)
    source_url = models.URLField(max_length=500, blank=True)
    summary = models.TextField()
    observed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class CaseFact(models.Model):
    """A register fact collected for the case through the read gateway, kept with its
    provenance (agency, register, delivery, file, line) for the report."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="facts")
    collected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    subject = models.CharField(max_length=80)
    agency = models.CharField(max_length=40)
    register = models.CharField(max_length=80)
    statement = models.TextField()
    provenance = models.JSONField(default=dict)
    legal_basis = models.CharField(max_length=300, blank=True)
    audit_seq = models.BigIntegerField(null=True)
    collected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency", "register", "pk"]


class Report(models.Model):
    """One version of the analysis report. Every edit makes a new version; the highest
    version is the current one. Sections are editable text; indicators, timeline and facts
    (with provenance) are drafted from the case material."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reports")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    sections = models.JSONField(default=list)  # [{"key", "heading", "text"}]
    indicators = models.JSONField(default=list)  # [{"subject", "indicator", "points", "why"}]
    timeline = models.JSONField(default=list)  # [{"date", "event"}]
    facts = models.JSONField(default=list)  # [{"subject", "agency", "register", "statement", ...}]
    authored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reports_authored"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reports_submitted",
        null=True,
        blank=True,
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "-version"]
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="report_version")]


class SteeringDecision(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=10, choices=_choices(SteeringOutcome))
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "pk"]


class CoordinatedAction(models.Model):
    """Measures of several agencies carried out together on one date and place."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="coordinated_actions")
    title = models.CharField(max_length=200)
    date = models.DateField()
    place = models.CharField(max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]


class Measure(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(max_length=40, choices=_choices(MeasureKind))
    agency = models.CharField(max_length=40)  # the owning agency
    description = models.TextField(blank=True)
    # For information to workers: the languages it is given in.
    languages = models.JSONField(default=list, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="measures_owned",
        null=True,
        blank=True,
    )
    due_date = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=12, choices=_choices(MeasureState), default="planned")
    coordinated_action = models.ForeignKey(
        CoordinatedAction,
        on_delete=models.SET_NULL,
        related_name="measures",
        null=True,
        blank=True,
    )
    # The evaluation's verdict; empty until the case is evaluated.
    effect = models.CharField(max_length=14, choices=_choices(MeasureEffect), blank=True)
    effect_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="measures_planned"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)  # set when the measure moves to done

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["state", "due_date"], name="measure_state_due")]


class MeasureResult(models.Model):
    """What a measure achieved, as its owning agency reports it. A measure may get more than
    one result entry (e.g. a follow-up inspection); the dashboard sums them per reporting
    year, agency and centre."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="results")
    agency = models.CharField(max_length=40)
    centre = models.CharField(max_length=60, blank=True)
    reporting_year = models.PositiveSmallIntegerField()
    findings = models.TextField(blank=True)
    # Did the measure confirm a breach? None: not (yet) known. Feeds learning from outcomes.
    breach_confirmed = models.BooleanField(null=True, blank=True)
    orders = models.PositiveIntegerField(default=0)
    stop_orders = models.PositiveIntegerField(default=0)
    fines = models.PositiveIntegerField(default=0)
    fines_amount = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    tax_claims_amount = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    wrongful_benefits_amount = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    police_reports = models.PositiveIntegerField(default=0)
    assets_seized_amount = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    enterprises_rectified = models.PositiveIntegerField(default=0)
    employees_affected = models.PositiveIntegerField(default=0)
    workers_informed = models.PositiveIntegerField(default=0)
    inspections = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        indexes = [models.Index(fields=["reporting_year", "agency"], name="result_year_agency")]


class CaseEvaluation(models.Model):
    """Per case: what worked (each measure's `effect`) and a summary."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="evaluation")
    summary = models.TextField()
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    evaluated_at = models.DateTimeField(auto_now_add=True)
