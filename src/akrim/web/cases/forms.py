"""Forms of the case pages: they check and convert input; the services decide the rest."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from akrim.domain import case_workflow as wf
from akrim.web.cases.models import CaseSubject, MeasureResult
from akrim.web.cases.services import SubjectSpec, subject_kind
from akrim.web.sharing.policy import current_policy

KINDS = set(CaseSubject.Kind.values)


def _choices(values: Any) -> list[tuple[str, str]]:
    return [(str(v), str(v).replace("_", " ")) for v in values]


def agency_choices() -> list[tuple[str, str]]:
    policy = current_policy()
    return _choices(sorted(policy.senders | policy.receivers))


def parse_subjects(text: str) -> list[SubjectSpec]:
    """One subject per line: ``[kind] id [label]``; without a kind, 9 digits is a company,
    11 digits a person, anything else a resolved entity."""
    specs = []
    for line in text.splitlines():
        words = line.split()
        if not words:
            continue
        kind = words.pop(0) if words[0] in KINDS and len(words) > 1 else ""
        subject, label = words[0], " ".join(words[1:])
        specs.append(SubjectSpec(subject, kind or subject_kind(subject), label))
    return specs


def subjects_text(specs: list[SubjectSpec]) -> str:
    return "\n".join(f"{s.kind} {s.subject} {s.label}".strip() for s in specs)


class NominateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    subjects = forms.CharField(
        label=_("Subjects"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line: [company|person|network] id [name]"),
    )
    purpose = forms.ChoiceField(label=_("Purpose"))
    provision = forms.ChoiceField(label=_("Provision"), initial="s3")
    agencies = forms.MultipleChoiceField(
        label=_("Agencies taking part"), required=False, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(
        label=_("Why this case"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    source = forms.ChoiceField(
        choices=_choices(wf.CaseSource), initial="manual", widget=forms.HiddenInput
    )
    source_ref = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        policy = current_policy()
        self.fields["purpose"].choices = _choices(sorted(policy.purposes))
        self.fields["provision"].choices = _choices(sorted(policy.provisions))
        self.fields["agencies"].choices = agency_choices()

    def clean_subjects(self) -> list[SubjectSpec]:
        specs = parse_subjects(self.cleaned_data["subjects"])
        if not specs:
            raise forms.ValidationError(_("Name at least one subject."))
        return specs


class ReasonForm(forms.Form):
    name = forms.CharField(max_length=30)
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=_choices(wf.SteeringOutcome))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class OsintForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    source_url = forms.URLField(label=_("Source address"), required=False, assume_scheme="https")
    observed_on = forms.DateField(
        label=_("Seen on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class CoordinatedActionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200)


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Measure"), choices=_choices(wf.MeasureKind))
    agency = forms.ChoiceField(label=_("Owning agency"))
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(label=_("What"), required=False, max_length=2000)
    owner = forms.CharField(label=_("Owner (username)"), required=False, max_length=150)
    languages = forms.CharField(
        label=_("Languages (information to workers)"), required=False, max_length=200
    )
    coordinated_action = forms.TypedChoiceField(
        label=_("Coordinated action"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, actions: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agency_choices()
        self.fields["coordinated_action"].choices = [("", "-"), *actions]


class ResultForm(forms.ModelForm):
    breach_confirmed = forms.NullBooleanField(
        label=_("Breach confirmed"), required=False, widget=forms.NullBooleanSelect
    )
    mark_done = forms.BooleanField(label=_("The measure is done"), required=False, initial=True)

    class Meta:
        model = MeasureResult
        fields = (
            "findings",
            "breach_confirmed",
            "inspections",
            "orders",
            "stop_orders",
            "fines",
            "fines_amount",
            "tax_claims_amount",
            "wrongful_benefits_amount",
            "police_reports",
            "assets_seized_amount",
            "enterprises_rectified",
            "employees_affected",
            "workers_informed",
            "reporting_year",
        )
        widgets = {"findings": forms.Textarea(attrs={"rows": 3})}  # noqa: RUF012 - Django reads it


class EvaluationForm(forms.Form):
    summary = forms.CharField(label=_("What worked"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, measure_ids: Sequence[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for pk in measure_ids:
            self.fields[f"effect_{pk}"] = forms.ChoiceField(choices=_choices(wf.MeasureEffect))
            self.fields[f"note_{pk}"] = forms.CharField(required=False, max_length=2000)

    def effects(self) -> dict[int, str]:
        return {
            int(k.removeprefix("effect_")): v
            for k, v in self.cleaned_data.items()
            if k.startswith("effect_")
        }

    def notes(self) -> dict[int, str]:
        return {
            int(k.removeprefix("note_")): v
            for k, v in self.cleaned_data.items()
            if k.startswith("note_")
        }
