"""Reads on users."""

from __future__ import annotations

from akrim.web.accounts.models import User


def user_get(*, username: str) -> User:
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise LookupError(f"no user {username!r}") from None
