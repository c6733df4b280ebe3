"""The benchmark's ranking metrics: average precision and recall at k over predicted groups,
each planted actor found at most once."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_priorities.py"
_spec = importlib.util.spec_from_file_location("bench_priorities", _PATH)
assert _spec and _spec.loader
bench = importlib.util.module_from_spec(_spec)
sys.modules["bench_priorities"] = bench  # dataclasses look their module up
_spec.loader.exec_module(bench)

ACTORS = {"A": {"1", "2", "3"}, "B": {"4"}}


def test_perfect_ranking() -> None:
    m = bench.evaluate([{"1", "2"}, {"4"}, {"9"}], ACTORS, ks=(1, 2))
    assert m.average_precision == pytest.approx(1.0)
    assert m.recall == {1: 0.5, 2: 1.0}
    assert m.capped_recall == {1: 1.0, 2: 1.0}


def test_capped_recall_divides_by_the_places_when_actors_outnumber_them() -> None:
    actors = {str(i): {str(i)} for i in range(5)}
    m = bench.evaluate([{"0"}, {"9"}, {"1"}, {"2"}], actors, ks=(2, 4, 10))
    assert m.recall == {2: 1 / 5, 4: 3 / 5, 10: 3 / 5}
    assert m.capped_recall == {2: 1 / 2, 4: 3 / 4, 10: 3 / 5}


def test_misses_and_duplicates_lower_precision() -> None:
    m = bench.evaluate([{"9"}, {"1"}, {"2"}, {"4", "8"}], ACTORS, ks=(4,))
    # hits at ranks 2 and 4 (rank 3 names actor A again: a miss)
    assert m.average_precision == pytest.approx((1 / 2 + 2 / 4) / 2)
    assert m.found == 2


def test_a_group_mostly_outside_an_actor_does_not_find_it() -> None:
    m = bench.evaluate([{"1", "7", "8"}], ACTORS, ks=(1,))
    assert m.found == 0


def test_typology_lines_give_the_rank_each_actor_is_found_at() -> None:
    ranking = [{"9"}, {"4"}, {"1", "2"}]
    lines = bench.typology_lines(ranking, {**ACTORS, "C": {"5"}}, {"A": "x", "B": "y", "C": "x"})
    assert lines == [f"{'x':<24} 3 -", f"{'y':<24} 2"]
