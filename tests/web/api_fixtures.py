"""What the API tests share: a writable copy of the analysed store served to the API, users
with tokens, and requests carrying a token."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client

from akrim.pipelines import workbench as wb
from akrim.web.accounts.models import User
from akrim.web.api.tokens import token_issue


@pytest.fixture(scope="module")
def api_store(
    analysed_tiny_store: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """A copy of the analysed store (link decisions write to it), released after the module."""
    copy = tmp_path_factory.mktemp("api-store") / "store"
    shutil.copytree(analysed_tiny_store, copy, ignore=shutil.ignore_patterns("app.sqlite3*"))
    yield copy
    wb.workbench_store(copy).release()


@pytest.fixture
def served(api_store: Path, settings: object) -> Path:
    settings.STORE = api_store  # type: ignore[attr-defined]
    return api_store


@dataclass
class Caller:
    """A user with a token, and a client that sends it."""

    user: User
    token: str
    client: Client

    def get(self, path: str, **params: object) -> object:
        return self.client.get(path, params, HTTP_AUTHORIZATION=f"Bearer {self.token}")

    def post(self, path: str, body: dict[str, object]) -> object:
        return self.client.post(
            path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {self.token}"
        )


def caller_for(user: User) -> Caller:
    issued = token_issue(user=user, by="test", name="agency system")
    return Caller(user, issued.secret, Client(enforce_csrf_checks=True))
