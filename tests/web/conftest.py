"""Fixtures for the operational database: users of several agencies and roles."""

from __future__ import annotations

from collections.abc import Callable

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
