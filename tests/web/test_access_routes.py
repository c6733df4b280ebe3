"""No route is reachable without sign-in except an explicit list.

Every URL pattern of the project (found by walking the resolver, so a new route is checked
the moment it is added) is requested without a session: pages must send the client to the
sign-in page, API routes must answer 401 or 403, and only the routes listed here may answer
anything else. A route that newly skips sign-in fails this test until it is listed.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils.regex_helper import normalize

pytestmark = pytest.mark.django_db

# Routes anyone may reach (name as Django knows it, with namespace), and why.
PUBLIC_ROUTES: dict[str, str] = {
    "login": "the sign-in page",
    "login-code": "the second sign-in step; without a password step it sends back to sign-in",
    "ui:healthz": "liveness for supervisors; says only ok",
    "set_language": "the language switch (Django i18n)",
    "admin:login": "sends to the platform's sign-in",
    "tips:form": "the public tip form",
    "tips:receipt": "adding to a tip with its receipt code",
}
API_PREFIX = "/api/"
ADMIN_PREFIX = "/admin/"
LOGIN = "/accounts/login/?next="
SAMPLES = ("1", "x", str(uuid.UUID(int=1)), "TA-0000000000", "2026")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the regex when the route has no name
    path: str  # a concrete path that resolves to the route
    callback: object


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str, namespace: str
) -> Iterator[tuple[str, str, URLPattern]]:
    for entry in patterns:
        regex = _fragment(entry.pattern.regex.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + regex, inner)
        else:
            name = f"{namespace}{entry.name}" if entry.name else prefix + regex
            yield name, prefix + regex, entry


def _fragment(regex: str) -> str:
    return re.sub(r"(\\Z|\$)$", "", regex.removeprefix("^"))


def _literal_choices(regex: str) -> list[str]:
    """The first word of each group that is a list of words, e.g. ``(?P<app>auth|axes)``."""
    return [m.group(1) for m in re.finditer(r"\(\?P<\w+>(\w+)(?:\|\w+)+\)", regex)]


def _concrete(regex: str, pattern: URLPattern) -> str | None:
    """A path matching ``regex`` that resolves to ``pattern`` (sample values for the groups)."""
    for template, params in normalize(regex):
        for sample in (*_literal_choices(regex), *SAMPLES):
            path = "/" + template % {p: sample for p in params}
            try:
                match = resolve(path)
            except Resolver404:
                continue
            if match.func == pattern.callback or (pattern.name and match.url_name == pattern.name):
                return path
    return None


def all_routes() -> list[Route]:
    routes: list[Route] = []
    for name, regex, pattern in _walk(get_resolver().url_patterns, "", ""):
        path = _concrete(regex, pattern)
        assert path is not None, f"no sample path found for route {name} ({regex})"
        routes.append(Route(name, path, pattern.callback))
    return routes


ROUTES = all_routes()


def test_the_walk_finds_the_projects_routes() -> None:
    names = {r.name for r in ROUTES}
    assert {"login", "logout", "account", "ui:home", "ui:healthz", "admin:index"} <= names
    assert len(ROUTES) > 30
    assert set(PUBLIC_ROUTES) <= names, set(PUBLIC_ROUTES) - names


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if r.name not in PUBLIC_ROUTES], ids=lambda r: f"{r.name} {r.path}"
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_other_route_needs_sign_in(client: Client, route: Route, method: str) -> None:
    response = getattr(client, method)(route.path)
    where = f"{method.upper()} {route.path} ({route.name})"
    status = response.status_code
    if route.path.startswith(API_PREFIX):
        # 405: the route takes another method; the method check comes before anything else.
        assert status in (401, 403) or (status == 405 and method == "post"), f"{where}: {status}"
    else:
        assert status == 302, f"{where}: {status}"
        # Some administration pages send to the admin's sign-in route, which sends on to the
        # platform's (tested below).
        logins = (LOGIN, "/admin/login/?next=") if route.path.startswith(ADMIN_PREFIX) else (LOGIN,)
        assert response["Location"].startswith(logins), f"{where}: {response['Location']}"


def test_the_admins_sign_in_is_the_platforms(client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response["Location"].startswith(LOGIN)


def test_only_listed_views_skip_the_sign_in_redirect() -> None:
    """`login_not_required` views outside the API are exactly the public list."""
    skipping = {
        r.name
        for r in ROUTES
        if getattr(r.callback, "login_required", True) is False
        and not r.path.startswith(API_PREFIX)
    }
    assert skipping == set(PUBLIC_ROUTES)


@pytest.mark.parametrize("name", sorted(PUBLIC_ROUTES))
def test_public_routes_answer_without_sign_in(client: Client, name: str) -> None:
    route = next(r for r in ROUTES if r.name == name)
    response = client.get(route.path)
    assert response.status_code < 500
    if response.status_code == 302:
        assert not response["Location"].startswith(route.path)
