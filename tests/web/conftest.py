"""Fixtures for the operational database: users of several agencies and roles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from akrim.web.accounts.models import User
from akrim.web.accounts.services import user_create

MakeUser = Callable[..., User]


@pytest.fixture
def make_user(db: None) -> MakeUser:
    counter = iter(range(10_000))

    def make(agency: str, *roles: str, centre: str = "oslo") -> User:
        return user_create(
            username=f"{agency}-{'-'.join(roles)}-{next(counter)}",
            agency=agency,
            centre=centre,
            roles=list(roles),
        )

    return make


@pytest.fixture(scope="session")
def analysed_tiny_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from a generated `tiny` delivery, ingested and analysed (about 20 s,
    once per test session). Tests read it; copy it before writing to it."""
    from akrim.pipelines.analyse import run_analyse
    from akrim.pipelines.ingest import run_ingest
    from akrim.synth.delivery import generate_delivery

    work = tmp_path_factory.mktemp("tiny-analysed")
    delivery, store = work / "delivery", work / "store"
    generate_delivery(delivery, seed=3, size="tiny")
    run_ingest(store, delivery)
    run_analyse(store)
    return store
