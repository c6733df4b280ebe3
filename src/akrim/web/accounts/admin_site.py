"""The administrators' site: Django's admin behind the platform's own sign-in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from akrim.domain.access import Role

ADMINISTRATOR = Role.ADMINISTRATOR.value


class AkrimAdminSite(admin.AdminSite):
    """Django's admin for users with the administrator role (or staff), signed in through
    the platform's own two-step sign-in rather than the admin's password-only form."""

    site_header = _("akrim administration")
    site_title = _("akrim administration")
    index_title = _("Users and sign-in")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active
            and (user.is_staff or ADMINISTRATOR in (getattr(user, "roles", None) or []))
        )

    @method_decorator(login_not_required)
    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """Signed-in users without the role are refused; others sign in the platform's way."""
        if request.user.is_authenticated:
            raise PermissionDenied("the administration pages need the administrator role")
        target = request.GET.get("next") or "/admin/"
        return redirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': target})}")
