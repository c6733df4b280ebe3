"""Workbench read-model benchmark: the reads behind the list, entity and network pages on an
analysed store (with the ``workbench`` serving tables), one thread and then N threads sharing
the process's read-only connection, each read's p50 and p95 in milliseconds and its ratio to
a trivial query measured in the same run.

    .venv/bin/python benchmarks/bench_workbench.py STORE [--threads 8] [--rounds 20]

Target (medium store): p95 under 300 ms per page's reads with 20 concurrent users on two
cores; the HTTP-level load test adds templates, sessions and the audit log on top.
Facts are read with every scope allowed (the most a page can load).
"""

from __future__ import annotations

import argparse
import random
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path

from akrim.domain.access import FactScope
from akrim.domain.registers import REGISTER_FILES
from akrim.pipelines import workbench as wb

TARGET_P95_MS = 300.0


def pages(store: wb.WorkbenchStore, seed: int) -> dict[str, Callable[[wb.Backend], object]]:
    """One callable per page: what the page reads (analysis product and facts)."""
    rng = random.Random(seed)
    with store.reader() as backend:
        actors = [r.actor_id for r in wb.priorities(backend, wb.PriorityQuery(per_page=200)).rows]
        members = {a: [m.orgnr for m in wb.actor(backend, a).members] for a in actors[:50]}  # type: ignore[union-attr]
        persons = [str(r[0]) for r in backend.rows(
            "SELECT key FROM workbench.labels WHERE entity_kind = 'person' LIMIT 200")]  # fmt: skip
        names = [str(r[0]) for r in backend.rows(
            "SELECT label FROM workbench.labels WHERE label IS NOT NULL LIMIT 200")]  # fmt: skip

    def everything(subject: str) -> list[FactScope]:
        return wb.scopes_for(REGISTER_FILES, subject)

    def priorities(b: wb.Backend) -> object:
        query = wb.PriorityQuery(page=rng.randint(1, 5), sort=rng.choice(["rank", "score"]))
        return wb.priorities(b, query), wb.sector_codes(b)

    def network(b: wb.Backend) -> object:
        actor_id = rng.choice(list(members))
        found = wb.actor(b, actor_id)
        assert found is not None
        allowed = everything(actor_id)
        return wb.actor_graph(b, actor_id, allowed), wb.timeline(b, members[actor_id], allowed)

    def expand(b: wb.Backend) -> object:
        actor_id = rng.choice(list(members))
        return wb.neighbours(b, f"company:{members[actor_id][0]}", everything(actor_id))

    def company(b: wb.Backend) -> object:
        orgnr = rng.choice(members[rng.choice(list(members))])
        entity = wb.company(b, orgnr)
        assert entity is not None
        return (
            wb.entity_facts(b, entity.entity_id, everything(orgnr)),
            wb.identity_links(b, entity.entity_id, "company"),
            wb.score_explanation(b, orgnr),
        )

    def score(b: wb.Backend) -> object:
        orgnr = rng.choice(members[rng.choice(list(members))])
        return wb.score_explanation(b, orgnr), wb.company_evidence(b, orgnr, everything(orgnr))

    def person(b: wb.Backend) -> object:
        key = rng.choice(persons)
        return (
            wb.person(b, key),
            wb.entity_facts(b, key, everything(key)),
            wb.identity_links(b, key, "person"),
        )

    def search(b: wb.Backend) -> object:
        return wb.search(b, rng.choice(names))

    return {
        "priorities": priorities, "network": network, "expand": expand, "company": company,
        "score": score, "person": person, "search": search,
    }  # fmt: skip


def run(store: wb.WorkbenchStore, reads: dict[str, Callable[[wb.Backend], object]],
        threads: int, rounds: int) -> dict[str, list[float]]:  # fmt: skip
    timings: dict[str, list[float]] = {name: [] for name in reads}
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(rounds):
            for name, read in reads.items():
                started = time.perf_counter()
                with store.reader() as backend:
                    read(backend)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    timings[name].append(elapsed)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return timings


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    store = wb.WorkbenchStore(args.store)
    reads = pages(store, seed=1)
    reference = run(store, {"trivial": lambda b: b.scalar("SELECT 1")}, 1, 50)["trivial"]
    base = statistics.median(reference)
    print(f"store {args.store}; trivial query p50 {base:.2f} ms")
    for threads in (1, args.threads):
        timings = run(store, reads, threads, max(1, args.rounds // threads) if threads > 1 else 5)
        print(f"\n{threads} thread(s)")
        print(f"{'read':12s} {'n':>5s} {'p50 ms':>8s} {'p95 ms':>8s} {'p50/trivial':>12s}")
        worst = 0.0
        for name, values in timings.items():
            p50 = statistics.median(values)
            worst = max(worst, p95(values))
            print(f"{name:12s} {len(values):5d} {p50:8.1f} {p95(values):8.1f} {p50 / base:12.0f}")
        verdict = "meets" if worst < TARGET_P95_MS else "misses"
        print(f"worst p95 {worst:.1f} ms: {verdict} the {TARGET_P95_MS:.0f} ms target")
    store.release()


if __name__ == "__main__":
    main()
