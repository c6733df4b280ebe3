"""The API fuzzed from its own OpenAPI document with schemathesis: whatever the generated
request (valid and invalid parameters and bodies, every operation), no server error (5xx).
A bounded run in the default suite, a larger one behind ``slow``. Requests carry an
analyst's token and go to the WSGI application in process, on an analysed store."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from api_fixtures import api_store, caller_for, served  # noqa: F401
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from akrim.web.wsgi import application

pytestmark = pytest.mark.django_db


@pytest.fixture
def bearer(make_user: Any, served: Path) -> dict[str, str]:  # noqa: F811
    return {"Authorization": f"Bearer {caller_for(make_user('nav', 'analyst')).token}"}


# The route whose query a known value belongs to.
QUERY_OF = {"node": "/expand", "edge": "/edge"}


def known_values(bearer: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Ids that exist in the store (path parameters) and a node and an edge of a network
    (query parameters), so that generated requests also reach the routes' real work."""
    client = Client()

    def get(path: str) -> Any:
        return json.loads(client.get(path, HTTP_AUTHORIZATION=bearer["Authorization"]).content)

    top = get("/api/priorities?scope=national&per_page=1")["rows"][0]
    graph = get(f"/api/actors/{top['actor_id']}?purpose=detect")["graph"]
    person = next(n["key"] for n in graph["nodes"] if n["kind"] == "person")
    paths = {"actor_id": top["actor_id"], "key": top["companies"][0], "entity_id": person}
    queries = {"node": graph["nodes"][0]["id"], "edge": graph["edges"][0]["id"]}
    return paths, queries


def fuzz(bearer: dict[str, str], examples: int) -> list[str]:
    """Run every operation with ``examples`` valid requests, as many invalid ones and as
    many valid ones on ids that exist; the operations seen (a schema that lost its
    operations must not pass silently)."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application, headers=bearer)
    paths, queries = known_values(bearer)
    seen = []
    for loaded in schema.get_all_operations():
        operation = loaded.ok()
        seen.append(operation.label)
        names = re.findall(r"{(\w+)}", operation.path)
        fixed_query = {k: v for k, v in queries.items() if operation.path.endswith(QUERY_OF[k])}
        strategies = [
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
            operation.as_strategy(
                path_parameters={n: paths[n] for n in names},
                query={**fixed_query, "purpose": "detect"}
                if operation.method.lower() == "get"
                else None,
            ),
        ]
        for strategy in strategies:

            @settings(
                max_examples=examples,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def no_server_error(case: Any) -> None:
                response = case.call(headers=bearer)
                case.validate_response(response, checks=[not_a_server_error])

            no_server_error()
    return seen


def test_no_server_errors(bearer: dict[str, str]) -> None:
    seen = fuzz(bearer, examples=8)
    assert len(seen) >= 9 and "POST /api/links/decisions" in seen, seen


@pytest.mark.slow
def test_no_server_errors_thoroughly(bearer: dict[str, str]) -> None:
    fuzz(bearer, examples=300)
