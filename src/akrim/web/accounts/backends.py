"""The lock-out check in front of password authentication (django-axes)."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """Refuses sign-in while a user name and address are locked out.

    Every web sign-in passes a request. Calls without one come from code running in the
    server's own process (tests' ``client.login``, shell sessions), not from a client that
    could guess passwords, so they are left to the next backend instead of failing.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
