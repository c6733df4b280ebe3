"""Shared test options: heavy runs sit behind --runslow (or AKRIM_SLOW=1)."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# Continuous integration replays the same examples every run (a red build must be
# reproducible); developers' runs draw new examples and keep finding new inputs.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", default=False, help="run slow tests")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow") or os.environ.get("AKRIM_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow or AKRIM_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
