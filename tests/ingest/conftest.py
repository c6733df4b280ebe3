"""Shared pieces for ingest tests: a store per test and a quick way to read it back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from akrim.engines.backend import Backend, open_store


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def reader(store: Path) -> Iterator[callable]:  # type: ignore[valid-type]
    opened: list[Backend] = []

    def read(sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
        backend = open_store(store)
        opened.append(backend)
        try:
            return backend.rows(sql, params)
        finally:
            backend.close()

    yield read
