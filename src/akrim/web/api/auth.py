"""Who calls the API: a personal token (agency systems) or a signed-in browser session.

The site-wide `LoginRequiredMiddleware` would redirect an API client to the sign-in page;
the API's views are exempt from it and authenticate here instead, answering 401 JSON. A
session may only change state with the CSRF token, like a page's form; a bearer token is
not sent by browsers on their own, so it needs none.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from akrim.web.accounts.models import User
from akrim.web.api.tokens import token_user
from akrim.web.sharing.policy import current_policy

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
UNAUTHORISED = "sign in, or send Authorization: Bearer <API token>"


class TokenAuth(HttpBearer):
    """``Authorization: Bearer akr_...``: a personal token from `akrim users token`."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return bearer_user(request)


class SessionAuth(APIKeyCookie):
    """The browser's session cookie, for a user who signed in; CSRF on unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> User | None:
        user = getattr(request, "user", None)
        if not isinstance(user, User) or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request):
            raise HttpError(403, "CSRF check failed: send the csrftoken cookie in X-CSRFToken")
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        return self(request)


AUTH = [TokenAuth(), SessionAuth()]


def caller(request: HttpRequest) -> User:
    """The authenticated user of an API request."""
    user = getattr(request, "auth", None)
    assert isinstance(user, User), "an API view ran without authentication"
    return user


def require_action(user: User, action: str) -> None:
    """403 with the policy's reason unless the user's roles may do ``action``."""
    decision = current_policy().may(user.actor(), action)
    if not decision.allowed:
        raise HttpError(403, decision.reason)


View = Callable[..., HttpResponse]


def credentials_required(view: View) -> View:
    """Answer 401 JSON, before anything else (a wrong method, an unknown path under a
    route), to a caller with neither a signed-in session nor a valid token; mark the view
    exempt from the site's sign-in redirect. The API's own auth then decides who it is."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = getattr(request, "user", None)
        signed_in = isinstance(user, User) and user.is_authenticated
        if not signed_in and bearer_user(request) is None:
            response = JsonResponse({"detail": UNAUTHORISED}, status=401)
            response["WWW-Authenticate"] = 'Bearer realm="akrim"'
            return response
        return view(request, *args, **kwargs)

    guarded.login_required = False  # type: ignore[attr-defined]
    return guarded


def bearer_user(request: HttpRequest) -> User | None:
    """The user of the request's bearer token, looked up once per request."""
    if not hasattr(request, "_api_token_user"):
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        found = token_user(token.strip()) if scheme.lower() == "bearer" and token else None
        request._api_token_user = found
    user: User | None = request._api_token_user
    return user
