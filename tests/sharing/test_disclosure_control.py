"""Disclosure control, checked by an attacker with a linear-programming solver.

The attacker knows every released cell and total, that counts are non-negative, and (for
two releases) which contributors' groups the tables share: its unknowns are the counts of
every region of the Venn diagram of *all* cells (released or not) of the releases. For
each withheld small cell and each small region it asks scipy's LP solver for the least and
greatest value the published numbers allow; equal bounds would be a disclosure.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from akrim.domain.disclosure_control import (
    TOTAL,
    CountTable,
    Release,
    TableRefused,
    protect,
    register_entries,
)

K = 5


def table_from_counts(name: str, counts: list[list[int]], start: int = 0) -> CountTable:
    rows = tuple(f"r{i}" for i in range(len(counts)))
    cols = tuple(f"c{j}" for j in range(len(counts[0])))
    contributors, n = {}, start
    for i, row in enumerate(counts):
        for j, v in enumerate(row):
            contributors[(rows[i], cols[j])] = frozenset(f"p{n + x}" for x in range(v))
            n += v
    return CountTable(name, rows, cols, contributors)


def bounds(
    regions: list[frozenset[str]],
    equalities: list[tuple[frozenset[str], int]],
    target: frozenset[str],
) -> tuple[float, float]:
    """Least and greatest count of ``target`` (a union of regions) the equalities allow."""
    a_eq = np.array([[1.0 if r <= cell else 0.0 for r in regions] for cell, _ in equalities])
    b_eq = np.array([float(v) for _, v in equalities])
    c = np.array([1.0 if r <= target else 0.0 for r in regions])
    lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    hi = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    assert lo.status == 0 and hi.status in (0, 3)  # 3: unbounded above (nothing pins it)
    return lo.fun, (-hi.fun if hi.status == 0 else float("inf"))


def venn_regions(cells: list[frozenset[str]]) -> list[frozenset[str]]:
    where: dict[str, list[int]] = defaultdict(list)
    for i, cell in enumerate(cells):
        for who in cell:
            where[who].append(i)
    groups: dict[tuple[int, ...], set[str]] = defaultdict(set)
    for who, idx in where.items():
        groups[tuple(idx)].add(who)
    return [frozenset(g) for g in groups.values()]


def attack(published: list[tuple[CountTable, Release]]) -> list[str]:
    """Every withheld small cell or small region whose count the attacker pins down."""
    every_cell, equalities = [], []
    for table, release in published:
        cells = table.all_cells()
        every_cell.extend(cells.values())
        equalities.extend((cells[key], v) for key, v in release.released().items())
    regions = venn_regions(every_cell)
    leaks = []
    targets = [(f"{t.name}{key}", t.all_cells()[key]) for t, r in published for key in r.suppressed]
    targets += [(f"region of {len(g)}", g) for g in regions if len(g) < K]
    for label, target in targets:
        if not 0 < len(target) < K:
            continue
        lo, hi = bounds(regions, equalities, target)
        assert lo - 1e-6 <= len(target) <= hi + 1e-6  # the truth is always feasible
        if hi - lo < 0.5:
            leaks.append(f"{label}: {len(target)} contributors pinned to [{lo:.2f}, {hi:.2f}]")
    return leaks


def check_thresholds(table: CountTable, release: Release) -> None:
    cells = table.all_cells()
    for key, value in release.released().items():
        assert value == len(cells[key])
        assert value == 0 or value >= K, (key, value)
    for key in release.primary:
        assert release.values[key] is None


counts = st.integers(2, 4).flatmap(
    lambda rows: st.integers(2, 4).flatmap(
        lambda cols: st.lists(
            st.lists(st.sampled_from([0, 1, 2, 3, 4, 5, 6, 8, 12]), min_size=cols, max_size=cols),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(counts)
def test_no_small_cell_is_released_or_derivable_from_the_margins(grid: list[list[int]]) -> None:
    table = table_from_counts("t", grid)
    try:
        release = protect(table, k=K)
    except TableRefused:
        assume(False)
        return
    check_thresholds(table, release)
    assert attack([(table, release)]) == []


@st.composite
def second_tables(draw: st.DrawFn, grid: list[list[int]]) -> list[list[int]]:
    """The same table a little later: a few contributors more or fewer in some cells."""
    changed = [row[:] for row in grid]
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(grid) - 1))
        j = draw(st.integers(0, len(grid[0]) - 1))
        changed[i][j] = max(0, changed[i][j] + draw(st.sampled_from([-2, -1, 1, 2])))
    return changed


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(counts.flatmap(lambda g: st.tuples(st.just(g), second_tables(g))))
def test_differencing_two_releases_reveals_nothing(pair: tuple[list, list]) -> None:
    first_grid, second_grid = pair
    first = table_from_counts("first", first_grid)
    second = _later_version(first, second_grid)
    try:
        first_release = protect(first, k=K)
        second_release = protect(second, k=K, register=register_entries(first, first_release))
    except TableRefused:
        assume(False)
        return
    check_thresholds(second, second_release)
    assert attack([(first, first_release), (second, second_release)]) == []


def _later_version(first: CountTable, grid: list[list[int]]) -> CountTable:
    """Keep the same people where counts allow, drop or add new people elsewhere."""
    contributors = {}
    fresh = itertools.count(10_000)
    for i, r in enumerate(first.rows):
        for j, c in enumerate(first.cols):
            before = sorted(first.contributors[(r, c)])
            want = grid[i][j]
            kept = before[:want]
            added = [f"n{next(fresh)}" for _ in range(want - len(kept))]
            contributors[(r, c)] = frozenset(kept + added)
    return CountTable("second", first.rows, first.cols, contributors)


def test_the_classic_difference_attack_is_stopped() -> None:
    """One person joins a cell between two releases: without the register, subtracting the
    grand totals would count them."""
    grid = [[8, 9, 7], [6, 10, 12], [9, 7, 11]]
    first = table_from_counts("first", grid)
    first_release = protect(first, k=K)
    assert first_release.suppressed == frozenset()
    second = _later_version(first, [[9, 9, 7], [6, 10, 12], [9, 7, 11]])
    naive = protect(second, k=K)
    assert attack([(first, first_release), (second, naive)]) != []  # the attack is real
    guarded = protect(second, k=K, register=register_entries(first, first_release))
    assert attack([(first, first_release), (second, guarded)]) == []
    assert (TOTAL, TOTAL) in guarded.suppressed or guarded.values[("r0", "c0")] is None


def test_a_single_small_cell_gets_complements_in_its_row_and_column() -> None:
    table = table_from_counts("t", [[2, 9, 7], [6, 10, 12], [9, 7, 11]])
    release = protect(table, k=K)
    assert release.primary == {("r0", "c0")}
    suppressed_in_row = [key for key in release.suppressed if key[0] == "r0" and key[1] != TOTAL]
    suppressed_in_col = [key for key in release.suppressed if key[1] == "c0" and key[0] != TOTAL]
    assert len(suppressed_in_row) >= 2 and len(suppressed_in_col) >= 2
    assert attack([(table, release)]) == []


def test_a_table_with_fewer_than_k_contributors_is_refused() -> None:
    with pytest.raises(TableRefused, match="fewer than 5"):
        protect(table_from_counts("t", [[1, 1], [1, 0]]), k=K)


def test_a_contributor_in_two_cells_is_rejected() -> None:
    with pytest.raises(ValueError, match="two cells"):
        CountTable(
            "t", ("a",), ("x", "y"), {("a", "x"): frozenset("p"), ("a", "y"): frozenset("p")}
        )
