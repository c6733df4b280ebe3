"""Forms of the tip pages: the public form in the reporter's language (labels and errors from
`texts`), the receipt form, and the triage forms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

from akrim.domain.identifiers import is_valid_orgnr
from akrim.web.tips.models import Tip
from akrim.web.tips.texts import CATEGORIES, COUNTIES, REPORTER_KINDS

HONEYPOT = "website"  # hidden from people; a bot that fills every field fills it


class TipForm(forms.Form):
    def __init__(self, texts: Mapping[str, str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        required = {"required": texts["required"]}
        self.texts = texts
        self.fields["reporter_kind"] = forms.ChoiceField(
            label=texts["reporter_kind"],
            choices=[(k, texts[k]) for k in REPORTER_KINDS],
            widget=forms.RadioSelect,
            error_messages=required,
        )
        self.fields["company_name"] = forms.CharField(
            label=texts["company_name"], max_length=200, required=False
        )
        self.fields["orgnr"] = forms.CharField(
            label=texts["orgnr"], help_text=texts["orgnr_help"], max_length=20, required=False
        )
        self.fields["workplace"] = forms.CharField(
            label=texts["workplace"],
            help_text=texts["workplace_help"],
            max_length=300,
            required=False,
        )
        self.fields["county"] = forms.ChoiceField(
            label=texts["county"],
            choices=[("", texts["county_unknown"]), *COUNTIES.items()],
            required=False,
        )
        self.fields["categories"] = forms.MultipleChoiceField(
            label=texts["categories"],
            choices=[(c, texts[c]) for c in CATEGORIES],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": texts["choose_category"]},
        )
        self.fields["description"] = forms.CharField(
            label=texts["description"],
            help_text=texts["description_help"],
            widget=forms.Textarea(attrs={"rows": 8}),
            max_length=10_000,
            error_messages=required,
        )
        self.fields["occurred"] = forms.CharField(
            label=texts["when"], help_text=texts["when_help"], max_length=100, required=False
        )
        self.fields["anonymous"] = forms.BooleanField(
            label=texts["anonymous"], help_text=texts["anonymous_help"], required=False,
            initial=True,
        )  # fmt: skip
        self.fields["contact"] = forms.CharField(
            label=texts["contact"], help_text=texts["contact_help"], max_length=200,
            required=False,
        )  # fmt: skip
        self.fields[HONEYPOT] = forms.CharField(
            required=False,
            label="Leave this field empty",
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    def clean_orgnr(self) -> str:
        value = "".join(str(self.cleaned_data.get("orgnr", "")).split())
        if value and not is_valid_orgnr(value):
            raise forms.ValidationError(self.texts["orgnr_invalid"])
        return value

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())


class ReceiptForm(forms.Form):
    def __init__(self, texts: Mapping[str, str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        required = {"required": texts["required"]}
        self.fields["code"] = forms.CharField(
            label=texts["receipt_code"], max_length=40, error_messages=required
        )
        self.fields["text"] = forms.CharField(
            label=texts["receipt_more"],
            widget=forms.Textarea(attrs={"rows": 6}),
            max_length=10_000,
            error_messages=required,
        )
        self.fields[HONEYPOT] = forms.CharField(
            required=False,
            label="Leave this field empty",
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())


class StateForm(forms.Form):
    state = forms.ChoiceField(
        choices=[(s, s) for s in Tip.State.values if s != Tip.State.NOMINATED]
    )
    reason = forms.CharField(required=False, max_length=2000)


class LinkForm(forms.Form):
    entity_kind = forms.ChoiceField(
        choices=[("company", "company"), ("person", "person"), ("network", "network")]
    )
    entity_id = forms.CharField(max_length=80)
    label = forms.CharField(max_length=200, required=False)


class NominateForm(forms.Form):
    title = forms.CharField(max_length=200)
    purpose = forms.ChoiceField(choices=[])

    def __init__(self, purposes: Mapping[str, str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purpose"] = forms.ChoiceField(choices=list(purposes.items()))
