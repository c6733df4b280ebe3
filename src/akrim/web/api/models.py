"""Personal API tokens for agency systems: only a hash of each token is stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A bearer token that acts as one user. The secret is shown once, at issue; the
    database keeps its SHA-256 (a random 256-bit secret needs no slow hash) and a public
    key id (``akr_<key>``, the first part of the token) to name it in lists and revocations."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    key_id = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["user_id", "created_at"]

    def __str__(self) -> str:
        return f"akr_{self.key_id} ({self.user_id})"
