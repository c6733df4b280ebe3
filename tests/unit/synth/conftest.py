"""A tiny synthetic delivery shared by the generator's tests (built once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest
from delivery_reader import TINY_SEED

from akrim.synth import DeliverySummary, generate_delivery


@pytest.fixture(scope="session")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DeliverySummary]:
    out = tmp_path_factory.mktemp("synth") / "tiny"
    summary = generate_delivery(out, seed=TINY_SEED, size="tiny")
    return out, summary
