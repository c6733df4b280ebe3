"""Idle sessions end: a signed-in user who does nothing for a while must sign in again."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

LAST_SEEN = "akrim_last_seen"
IDLE_SIGNED_OUT = "akrim_idle_signed_out"
# The stamp is rewritten at most this often, so ordinary page views do not write the session.
STAMP_EVERY_SECONDS = 60


class IdleTimeoutMiddleware:
    """Signs out a session unused for ``AKRIM_SESSION_IDLE_SECONDS`` (before any view runs,
    so the sign-in requirement then applies as for anyone else)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(LAST_SEEN)
            if seen is not None and now - int(seen) > settings.AKRIM_SESSION_IDLE_SECONDS:
                logout(request)
                request.session[IDLE_SIGNED_OUT] = True
            elif seen is None or now - int(seen) >= STAMP_EVERY_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
