"""The run's memory budget: sizes, the default from the machine's RAM, its split while Splink
scores, and a resolution that holds to it and leaves no hand-over files or scratch tables."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from akrim.engines.backend import Backend
from akrim.engines.resolution.memory import (
    BadSize,
    default_budget,
    physical_memory,
    scoring_split,
    size_bytes,
)
from akrim.engines.resolution.resolve import ResolutionSettings, resolve

from .fixture_store import Rows
from .test_resolve import _worker_rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [("8GB", 8 * 1000**3), ("1.5GiB", 3 * 1024**3 // 2), ("512 MiB", 512 * 1024**2),
     ("100", 100)],
)  # fmt: skip
def test_sizes_read_as_duckdb_reads_them(text: str, expected: int) -> None:
    assert size_bytes(text) == expected


@pytest.mark.parametrize("text", ["", "lots", "8 parsecs", "-1GB", "GB"])
def test_a_size_without_number_and_unit_is_refused(text: str) -> None:
    with pytest.raises(BadSize, match="not a memory size"):
        size_bytes(text)


def test_the_default_budget_is_a_third_of_the_ram() -> None:
    assert abs(size_bytes(default_budget()) - physical_memory() / 3) < 1024**2


def test_store_and_splink_share_one_budget_while_scoring() -> None:
    store, splink = scoring_split("8GiB")
    assert size_bytes(store) + size_bytes(splink) <= 8 * 1024**3
    assert size_bytes(store) + size_bytes(splink) > 8 * 1024**3 - 2 * 1024**2
    assert size_bytes(splink) > 4 * size_bytes(store)


def test_resolution_under_a_budget_leaves_no_files_or_scratch_tables(
    store: Callable[[Rows], Backend], tmp_path: Path
) -> None:
    backend = store(_worker_rows())
    budget = "1GiB"
    backend.execute(f"SET memory_limit = '{budget}'")
    settings = ResolutionSettings(train=False, temp_directory=str(tmp_path), memory_limit=budget)
    report = resolve(backend, settings)
    assert report.persons.entities > 0
    assert list(tmp_path.iterdir()) == []
    tables = {
        str(t)
        for (t,) in backend.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_name LIKE '\\_%' "
            "ESCAPE '\\'"
        )
    }
    assert tables == set()
    # the store's limit is the budget again once Splink is done
    assert backend.scalar("SELECT current_setting('memory_limit')") == "1.0 GiB"
