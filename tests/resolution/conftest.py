"""Fixtures for resolution tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from akrim.engines.backend import Backend
from akrim.engines.duckdb_backend import DuckDBBackend

from .fixture_store import Rows, load_current


@pytest.fixture
def store() -> Iterator[Callable[[Rows], Backend]]:
    opened: list[Backend] = []

    def make(rows: Rows) -> Backend:
        backend = DuckDBBackend(":memory:")
        load_current(backend, rows)
        opened.append(backend)
        return backend

    yield make
    for backend in opened:
        backend.close()
