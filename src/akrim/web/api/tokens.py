"""Issuing, revoking and checking personal API tokens, each change audited with its user.

A token is ``akr_<key id>_<secret>``: the key id names it (lists, revocation, the audit
log), the secret is 256 random bits. Only the SHA-256 of the whole token is stored, so a
copy of the database gives no usable token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import transaction

from akrim.domain.audit_events import ApiTokenIssued, ApiTokenRevoked
from akrim.web.accounts.models import User
from akrim.web.api.models import ApiToken
from akrim.web.audit.services import audit_record

PREFIX = "akr_"
DEFAULT_DAYS = 365
# Recording every use would write the database on every request; a minute is precise enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the full token text, shown once


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def token_issue(*, user: User, by: str, name: str = "", days: int = DEFAULT_DAYS) -> IssuedToken:
    """A new token for ``user``, valid ``days`` days; the text is returned once, never kept."""
    if not user.is_active:
        raise ValueError(f"user {user.username!r} is not active")
    if not 1 <= days <= 3650:
        raise ValueError("a token is valid for 1 to 3650 days")
    key_id = secrets.token_hex(6)
    text = f"{PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
    expires = datetime.now(UTC) + timedelta(days=days)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, key_id=key_id, digest=_digest(text), name=name, created_by=by,
            expires_at=expires,
        )  # fmt: skip
        audit_record(
            ApiTokenIssued(
                actor=by,
                username=user.username,
                key_id=key_id,
                name=name,
                expires_at=expires.isoformat(),
            )
        )
    return IssuedToken(token, text)


def token_revoke(*, key_id: str, by: str) -> ApiToken:
    """Revoke a token by its key id (``akr_`` prefix optional); LookupError if unknown."""
    key = key_id.removeprefix(PREFIX)
    with transaction.atomic():
        token = (
            ApiToken.objects.select_for_update().select_related("user").filter(key_id=key).first()
        )
        if token is None:
            raise LookupError(f"no API token {key_id!r}")
        if token.revoked_at is None:
            token.revoked_at, token.revoked_by = datetime.now(UTC), by
            token.save(update_fields=["revoked_at", "revoked_by"])
            audit_record(ApiTokenRevoked(actor=by, username=token.user.username, key_id=key))
    return token


def token_user(text: str) -> User | None:
    """The active user a presented token acts for, or None (unknown, revoked, expired)."""
    if not text.startswith(PREFIX) or len(text) > 200:
        return None
    digest = _digest(text)
    token = ApiToken.objects.select_related("user").filter(digest=digest).first()
    if token is None or not hmac.compare_digest(token.digest, digest):
        return None
    now = datetime.now(UTC)
    if token.revoked_at is not None or token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def tokens_of(*, user: User | None = None) -> list[ApiToken]:
    query = ApiToken.objects.select_related("user")
    return list(query.filter(user=user) if user is not None else query.all())
