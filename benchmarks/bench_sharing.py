"""Measure the sharing core: policy decisions per second, audit appends and verification on
the operational database, and disclosure control on tables of growing size (a first release,
then a re-release one period later checked against it).

    .venv/bin/python benchmarks/bench_sharing.py [--events 5000] [--sizes 5x5,10x8,15x12,20x15]

The re-release is compared with the first release of the same table in the same run (the
ratio is the cost of the differencing check).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from akrim.domain.access import AccessRequest, Actor, CaseContext, CaseState, FactScope, load_policy
from akrim.domain.disclosure_control import CountTable, protect, register_entries
from akrim.domain.registers import Classification


def bench_policy(n: int) -> None:
    policy = load_policy()
    actor = Actor("a", "nav", "oslo", frozenset({"analyst"}))
    case = CaseContext("1", CaseState.OPEN, "oslo", frozenset({"s"}), frozenset({"nav"}), True)
    scope = FactScope("skatteetaten", Classification.CONFIDENTIAL, "a-ordningen", "s")
    request = AccessRequest(actor, scope, purpose="detect", case=case)
    start = time.perf_counter()
    for _ in range(n):
        policy.decide(request)
    elapsed = time.perf_counter() - start
    print(f"policy: {n / elapsed:,.0f} decisions/s")


def bench_audit(events: int) -> None:
    store = Path(tempfile.mkdtemp(prefix="akrim-bench-"))
    os.environ.pop("AKRIM_DATABASE_URL", None)
    from akrim.web.bootstrap import setup

    setup(store)
    from django.db import transaction

    from akrim.domain.audit_events import CaseClosed
    from akrim.web.audit.selectors import audit_verify
    from akrim.web.audit.services import audit_record

    start = time.perf_counter()
    for i in range(events):
        with transaction.atomic():
            audit_record(CaseClosed(actor=f"user{i % 50}", case_id=str(i), reason="bench"))
    appended = time.perf_counter() - start
    start = time.perf_counter()
    result = audit_verify()
    verified = time.perf_counter() - start
    assert result.intact, result.describe()
    print(
        f"audit (SQLite): {events / appended:,.0f} appends/s (one transaction each); "
        f"verify {events / verified:,.0f} entries/s ({verified:.2f} s for {events})"
    )


def random_table(name: str, rows: int, cols: int, rng: random.Random) -> list[list[int]]:
    return [[rng.choice([0, 1, 2, 3, 5, 8, 13, 20, 40]) for _ in range(cols)] for _ in range(rows)]


def to_table(name: str, grid: list[list[int]], base: CountTable | None = None) -> CountTable:
    rows = tuple(f"r{i}" for i in range(len(grid)))
    cols = tuple(f"c{j}" for j in range(len(grid[0])))
    contributors, fresh = {}, 0
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            kept = sorted(base.contributors[(r, c)])[: grid[i][j]] if base else []
            added = [f"{name}-{fresh + x}" for x in range(grid[i][j] - len(kept))]
            fresh += len(added)
            contributors[(r, c)] = frozenset([*kept, *added])
    return CountTable(name, rows, cols, contributors)


def bench_disclosure(sizes: list[tuple[int, int]]) -> None:
    rng = random.Random(1)
    for rows, cols in sizes:
        grid = random_table("t", rows, cols, rng)
        first = to_table("first", grid)
        start = time.perf_counter()
        release = protect(first)
        first_time = time.perf_counter() - start
        later = [[max(0, v + rng.choice([-1, 0, 0, 1])) for v in row] for row in grid]
        second = to_table("second", later, first)
        start = time.perf_counter()
        again = protect(second, register=register_entries(first, release))
        second_time = time.perf_counter() - start
        cells = len(release.values)
        print(
            f"disclosure {rows}x{cols}: first {first_time:.2f} s ({len(release.suppressed)}/"
            f"{cells} withheld), re-release {second_time:.2f} s ({len(again.suppressed)}/{cells}"
            f" withheld), ratio {second_time / max(first_time, 1e-9):.0f}x"
        )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--sizes", default="5x5,10x8,15x12,20x15")
    args = parser.parse_args(argv)
    sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
    bench_policy(100_000)
    bench_audit(args.events)
    bench_disclosure(sizes)  # type: ignore[arg-type]


if __name__ == "__main__":
    main(sys.argv[1:])
