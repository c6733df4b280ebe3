"""Same seed and size give the same bytes; another seed gives another world."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from delivery_reader import TINY_SEED

from akrim.synth import DeliverySummary, generate_delivery


def _digests(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_bytes(tiny: tuple[Path, DeliverySummary], tmp_path: Path) -> None:
    out, _ = tiny
    again = tmp_path / "again"
    generate_delivery(again, seed=TINY_SEED, size="tiny")
    assert _digests(again) == _digests(out)


def test_other_seed_other_world(tiny: tuple[Path, DeliverySummary], tmp_path: Path) -> None:
    out, _ = tiny
    other = tmp_path / "other"
    generate_delivery(other, seed=TINY_SEED + 1, size="tiny")
    a, b = _digests(out), _digests(other)
    assert a.keys() == b.keys()
    assert a["brreg/enheter.json"] != b["brreg/enheter.json"]


def test_refuses_a_non_empty_folder_and_unknown_size(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("occupied")
    with pytest.raises(FileExistsError):
        generate_delivery(tmp_path, seed=1, size="tiny")
    with pytest.raises(ValueError, match="unknown size"):
        generate_delivery(tmp_path / "new", seed=1, size="huge")
