"""The user model: Django's user plus agency, centre and roles, as the sharing policy needs."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from akrim.domain.access import Actor

# The joint centres (lower-case, ASCII) a user may belong to; empty = national.
CENTRES: dict[str, str] = {
    "oslo": "Oslo",
    "tonsberg": "Tønsberg",
    "kristiansand": "Kristiansand",
    "stavanger": "Stavanger",
    "bergen": "Bergen",
    "trondheim": "Trondheim",
    "bodo": "Bodø",
    "alta": "Alta",
}

ADMINISTRATOR_ROLE = "administrator"
# What the administrator role manages in the admin pages: users, their authenticator
# devices, and sign-in lock-outs.
ADMINISTERED_APPS = frozenset({"accounts", "otp_totp", "axes"})


class User(AbstractUser):
    agency = models.CharField(max_length=40, blank=True)
    # Empty centre: the user works nationally (e.g. the national analysis centre).
    centre = models.CharField(max_length=60, blank=True)
    roles = models.JSONField(default=list, blank=True)
    # Set by an administrator: the user must give a one-time code after the password, and
    # enrols an authenticator app at the next sign-in if they have none yet.
    otp_required = models.BooleanField(
        _("two-step sign-in required"),
        default=False,
        help_text=_("The user must give a one-time code from an authenticator app at sign-in."),
    )

    def has_perm(self, perm: str, obj: object = None) -> bool:
        """Administrators manage users, their devices and lock-outs without Django's
        per-model permissions; anything else goes through Django's checks."""
        if self._administers(perm.split(".", 1)[0]):
            return True
        return bool(super().has_perm(perm, obj))

    def has_module_perms(self, app_label: str) -> bool:
        return self._administers(app_label) or bool(super().has_module_perms(app_label))

    def _administers(self, app_label: str) -> bool:
        return (
            self.is_active
            and ADMINISTRATOR_ROLE in (self.roles or [])
            and app_label in ADMINISTERED_APPS
        )

    def actor(self) -> Actor:
        return Actor(
            user=self.username,
            agency=self.agency,
            centre=self.centre or None,
            roles=frozenset(self.roles),
        )
