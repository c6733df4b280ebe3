"""The administrators' pages (`/admin/`): users with agency, centre and roles checked
against the sharing policy, who must use two-step sign-in, and lock-outs to lift."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from akrim.domain.access import Role
from akrim.domain.audit_events import SecondFactorChanged, UserChanged
from akrim.web.accounts.models import CENTRES, User
from akrim.web.audit.services import audit_record
from akrim.web.sharing.policy import current_policy


def agency_choices() -> list[tuple[str, str]]:
    policy = current_policy()
    agencies = sorted(policy.senders | policy.receivers)
    return [("", "-")] + [(a, a) for a in agencies]


def centre_choices() -> list[tuple[str, str]]:
    return [("", _("national (no centre)")), *CENTRES.items()]


class AccessFields(forms.ModelForm):
    """Agency, centre and roles as choices: a typo must not silently deny (or grant)."""

    agency = forms.ChoiceField(label=_("Agency"), choices=agency_choices, required=True)
    centre = forms.ChoiceField(label=_("Centre"), choices=centre_choices, required=False)
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=[(r.value, r.value) for r in Role],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean_roles(self) -> list[str]:
        return sorted(Role(r).value for r in self.cleaned_data["roles"])


class UserCreateForm(AccessFields, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "agency", "centre", "roles", "otp_required")


class UserEditForm(AccessFields, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreateForm
    list_display = ("username", "agency", "centre", "role_list", "otp_required", "is_active")
    list_filter = ("agency", "centre", "otp_required", "is_active")
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Access"), {"fields": ("agency", "centre", "roles", "otp_required", "is_active")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email")}),
        (_("Django staff"), {"classes": ("collapse",), "fields": ("is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "password1",
                    "password2",
                    "agency",
                    "centre",
                    "roles",
                    "otp_required",
                ),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")

    @admin.display(description=_("roles"))
    def role_list(self, obj: User) -> str:
        return ", ".join(obj.roles)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """Only superusers hand out Django's own staff and superuser flags."""
        fixed = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fixed
        return (*fixed, "is_staff", "is_superuser")

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """Save and audit in one transaction: creation and every change of access."""
        by = request.user.get_username()
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            changed = set(form.changed_data)
            if not change or changed & {"agency", "centre", "roles", "is_active"}:
                audit_record(
                    UserChanged(
                        actor=by,
                        username=obj.username,
                        user_agency=obj.agency,
                        centre=obj.centre,
                        roles=tuple(obj.roles),
                        active=obj.is_active,
                    )
                )
            if "otp_required" in changed:
                from akrim.web.accounts.second_factor import confirmed_device

                audit_record(
                    SecondFactorChanged(
                        actor=by,
                        username=obj.username,
                        enrolled=confirmed_device(obj) is not None,
                        required=obj.otp_required,
                    )
                )
