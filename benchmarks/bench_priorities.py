"""Evaluate threat-actor priorities against the planted truth of synthetic deliveries.

For each size and seed: generate a delivery, ingest it, run `akrim analyse` (resolution, then
networks and scores), and score `priorities.csv` against `truth/actors.csv`: average precision
over the ranked list, recall at 10 / 50 / 100, next to a naive baseline in the same run (every
company ranked by its count of raw red-flag records: tips, police reports, inspections with
findings, roadside checks with findings). Also fits the selection-aware outcome model and
prints its held-out discrimination.

A predicted row finds an actor when at least one of its companies, and at least half of them,
belong to that actor; each actor is found once (later rows naming it count as misses).

Recall at k is printed twice: raw (actors found in the top k / planted actors) and capped
(actors found in the top k / min(k, planted actors), the usual "capped recall@k" of retrieval
benchmarks). When more actors are planted than k places exist (77 on medium), raw recall@50
cannot exceed 50/77 = 0.649 even for a perfect list; capped recall is 1.0 for a perfect list
at every k. The recall target is judged on the capped figure; on small (11 actors) both agree.

    .venv/bin/python benchmarks/bench_priorities.py --sizes small,medium --seeds 7,8

Seeds used while building and calibrating the indicators: 1 to 6 (small) and 7 (medium, the
delivery of the current generator). Report others.
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

TARGET_AP, TARGET_RECALL50 = 0.85, 0.9


@dataclass(frozen=True)
class Ranking:
    label: str
    rows: list[set[str]]  # companies of each predicted actor, best first


@dataclass(frozen=True)
class Metrics:
    average_precision: float
    recall: dict[int, float]  # raw: found in the top k / planted actors
    capped_recall: dict[int, float]  # found in the top k / min(k, planted actors)
    found: int
    actors: int

    def line(self, label: str) -> str:
        recalls = "  ".join(
            f"R@{k} {v:.3f} (capped {self.capped_recall[k]:.3f})" for k, v in self.recall.items()
        )
        return (
            f"{label:<10} AP {self.average_precision:.3f}  {recalls}  "
            f"(found {self.found}/{self.actors})"
        )


def read_actors(delivery: Path) -> dict[str, set[str]]:
    with (delivery / "truth" / "actors.csv").open(newline="", encoding="utf-8") as fh:
        return {r["actor_id"]: set(r["orgnrs"].split()) for r in csv.DictReader(fh)}


def evaluate(ranking: Sequence[set[str]], actors: dict[str, set[str]], ks=(10, 50, 100)) -> Metrics:
    found: set[str] = set()
    hits_at: list[int] = []
    precision_sum = 0.0
    for position, companies in enumerate(ranking, start=1):
        hit = None
        for actor, members in actors.items():
            overlap = len(companies & members)
            if actor not in found and overlap and overlap * 2 >= len(companies):
                hit = actor
                break
        if hit:
            found.add(hit)
            precision_sum += len(found) / position
        hits_at.append(len(found))
    n = len(actors) or 1
    hits = {k: hits_at[min(k, len(hits_at)) - 1] if hits_at else 0 for k in ks}
    recall = {k: hits[k] / n for k in ks}
    capped = {k: hits[k] / (min(k, len(actors)) or 1) for k in ks}
    return Metrics(precision_sum / n, recall, capped, len(found), len(actors))


def read_typologies(delivery: Path) -> dict[str, str]:
    with (delivery / "truth" / "actors.csv").open(newline="", encoding="utf-8") as fh:
        return {r["actor_id"]: r["typology"] for r in csv.DictReader(fh)}


def found_at(ranking: Sequence[set[str]], actors: dict[str, set[str]]) -> dict[str, int]:
    """The rank at which each actor is found (the same matching rule as ``evaluate``)."""
    found: dict[str, int] = {}
    for position, companies in enumerate(ranking, start=1):
        for actor, members in actors.items():
            overlap = len(companies & members)
            if actor not in found and overlap and overlap * 2 >= len(companies):
                found[actor] = position
                break
    return found


def typology_lines(
    ranking: Sequence[set[str]], actors: dict[str, set[str]], typologies: dict[str, str]
) -> list[str]:
    """Per typology, the ranks at which its actors are found ('-' for missed), worst last."""
    found = found_at(ranking, actors)
    by_typology: dict[str, list[int | None]] = {}
    for actor, typology in typologies.items():
        by_typology.setdefault(typology, []).append(found.get(actor))
    lines = []
    for typology, ranks in sorted(by_typology.items()):
        shown = sorted(r for r in ranks if r is not None)
        text = " ".join(str(r) for r in shown) + " -" * (len(ranks) - len(shown))
        lines.append(f"{typology:<24} {text}")
    return lines


def read_priorities(path: Path) -> list[set[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: int(r["rank"]))
    return [set(r["orgnrs"].split()) for r in rows]


BASELINE_SQL = """
WITH flags AS (
  SELECT mentioned_orgnr AS orgnr FROM current.arbeidstilsynet__tips
  UNION ALL SELECT subject_orgnr FROM current.politi__anmeldelser
  UNION ALL SELECT orgnr FROM current.arbeidstilsynet__tilsyn
    WHERE coalesce(findings, '') <> '' OR reaction NOT IN ('NONE')
  UNION ALL SELECT stated_employer_orgnr FROM current.vegvesen__utekontroller
    WHERE coalesce(findings, '') <> '')
SELECT orgnr, count(*) AS n FROM flags WHERE orgnr IS NOT NULL GROUP BY 1 ORDER BY n DESC, orgnr
"""


def baseline_ranking(store: Path) -> list[set[str]]:
    from akrim.engines.backend import open_store

    backend = open_store(store)
    try:
        return [{str(orgnr)} for orgnr, _ in backend.rows(BASELINE_SQL)]
    finally:
        backend.close()


def prepare(size: str, seed: int, work: Path) -> tuple[Path, Path, dict[str, float]]:
    from akrim.pipelines.ingest import run_ingest
    from akrim.synth.delivery import generate_delivery

    delivery, store = work / f"{size}-{seed}" / "delivery", work / f"{size}-{seed}" / "store"
    timings: dict[str, float] = {}
    if not (delivery / "manifest.json").exists():
        started = time.monotonic()
        generate_delivery(delivery, seed=seed, size=size)
        timings["synth"] = time.monotonic() - started
    if not (store / "analytics.duckdb").exists():
        started = time.monotonic()
        run_ingest(store, delivery)
        timings["ingest"] = time.monotonic() - started
    return delivery, store, timings


def analyse(store: Path, skip_resolution: bool) -> dict[str, float]:
    from akrim.pipelines import analyse as pipeline
    from akrim.pipelines.priorities import networks_and_scores_stage

    names = [name for name, _ in pipeline.STAGES]
    if skip_resolution:
        pipeline.STAGES[:] = [s for s in pipeline.STAGES if s[0] != "resolution"]
    if "networks_and_scores" not in names:
        pipeline.STAGES.append(("networks_and_scores", networks_and_scores_stage))
    report = pipeline.run_analyse(store)
    return {stage.name: stage.seconds for stage in report.stages}


def outcome_model_line(store: Path) -> str:
    from akrim.domain.indicators import load_catalogue
    from akrim.engines.backend import open_store
    from akrim.engines.risk.learning import learn_from_outcomes

    backend = open_store(store)
    try:
        model = learn_from_outcomes(backend, load_catalogue())
    finally:
        backend.close()
    if model is None:
        return "outcome model: too few inspection outcomes"
    return (
        f"outcome model (IPW, held-out {model.held_out} of {model.inspected} inspected, "
        f"{model.positives} serious): AUC {model.auc:.3f} AP {model.average_precision:.3f}; "
        f"prior weights AUC {model.prior_auc:.3f} AP {model.prior_average_precision:.3f}"
    )


def run(size: str, seed: int, work: Path, skip_resolution: bool) -> bool:
    from akrim.pipelines.priorities import export_priorities

    delivery, store, timings = prepare(size, seed, work)
    timings |= analyse(store, skip_resolution)
    out = work / f"{size}-{seed}" / "priorities.csv"
    export_priorities(store, out)
    actors = read_actors(delivery)
    ours = evaluate(read_priorities(out), actors)
    naive = evaluate(baseline_ranking(store), actors)
    ratio = (
        ours.average_precision / naive.average_precision
        if naive.average_precision
        else float("inf")
    )
    ok = (
        ours.average_precision >= TARGET_AP
        and ours.capped_recall[50] >= TARGET_RECALL50
        and ratio >= 2
    )
    print(f"== {size} seed {seed}: {len(actors)} planted actors")
    print("  " + ours.line("akrim"))
    print("  " + naive.line("baseline"))
    print(
        f"  AP ratio {ratio:.2f}x  targets (AP>={TARGET_AP}, capped R@50>={TARGET_RECALL50}, "
        f"2x): "
        f"{'MET' if ok else 'NOT MET'}"
    )
    print("  ranks at which each typology's actors are found ('-' missed):")
    for line in typology_lines(read_priorities(out), actors, read_typologies(delivery)):
        print("    " + line)
    print("  " + outcome_model_line(store))
    print("  seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="small")
    parser.add_argument("--seeds", default="7")
    parser.add_argument("--work", type=Path, default=Path("/tmp/akrim-bench-priorities"))
    parser.add_argument(
        "--skip-resolution",
        action="store_true",
        help="score on raw identifiers (resolution not run)",
    )
    args = parser.parse_args(argv)
    results = [
        run(size, int(seed), args.work, args.skip_resolution)
        for size in args.sizes.split(",")
        for seed in args.seeds.split(",")
    ]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(f"peak memory {peak:.2f} GiB")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
