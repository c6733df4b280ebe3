"""The API fuzzed from its own OpenAPI document with schemathesis: whatever the generated
request (valid and invalid parameters and bodies, every operation), no server error (5xx).
A bounded run in the default suite, a larger one behind ``slow``. Requests carry an
analyst's token and go to the WSGI application in process, on an analysed store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from api_fixtures import api_store, caller_for, served  # noqa: F401
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from akrim.web.wsgi import application

pytestmark = pytest.mark.django_db


@pytest.fixture
def bearer(make_user: Any, served: Path) -> dict[str, str]:  # noqa: F811
    return {"Authorization": f"Bearer {caller_for(make_user('nav', 'analyst')).token}"}


def fuzz(bearer: dict[str, str], examples: int) -> list[str]:
    """Run every operation with ``examples`` valid and as many invalid requests; the
    operations seen (a schema that lost its operations must not pass silently)."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application, headers=bearer)
    seen = []
    for loaded in schema.get_all_operations():
        operation = loaded.ok()
        seen.append(operation.label)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=examples,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def no_server_error(case: Any) -> None:
                response = case.call(headers=bearer)
                case.validate_response(response, checks=[not_a_server_error])

            no_server_error()
    return seen


def test_no_server_errors(bearer: dict[str, str]) -> None:
    seen = fuzz(bearer, examples=10)
    assert len(seen) >= 9 and "POST /api/links/decisions" in seen, seen


@pytest.mark.slow
def test_no_server_errors_thoroughly(bearer: dict[str, str]) -> None:
    fuzz(bearer, examples=300)
