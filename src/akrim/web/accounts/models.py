"""The user model: Django's user plus agency, centre and roles, as the sharing policy needs."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from akrim.domain.access import Actor


class User(AbstractUser):
    agency = models.CharField(max_length=40, blank=True)
    # Empty centre: the user works nationally (e.g. the national analysis centre).
    centre = models.CharField(max_length=60, blank=True)
    roles = models.JSONField(default=list, blank=True)

    def actor(self) -> Actor:
        return Actor(
            user=self.username,
            agency=self.agency,
            centre=self.centre or None,
            roles=frozenset(self.roles),
        )
