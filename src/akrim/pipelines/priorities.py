"""The networks-and-scores step of ``akrim analyse`` and the ``priorities`` and ``companies``
exports: ranked threat actors and every company with its score."""

from __future__ import annotations

from pathlib import Path

from akrim.engines.backend import Backend, open_store
from akrim.engines.risk.fairness import fairness_report
from akrim.engines.risk.stage import StageReport, run_networks_and_scores

PRIORITY_COLUMNS = ("rank", "actor_id", "score", "orgnrs", "person_ids", "indicators")
COMPANY_COLUMNS = ("orgnr", "score", "actor_id", "indicators")


class NotScored(RuntimeError):
    """The networks-and-scores stage has not run on this store."""


def networks_and_scores_stage(backend: Backend, store: Path, options: object) -> StageReport:
    """The analyse stage after resolution: graph, indicators, groups, scores."""
    return run_networks_and_scores(backend)


def _export(store: Path, out: Path, table: str, columns: tuple[str, ...], order: str) -> int:
    backend = open_store(store)
    try:
        exists = backend.scalar(
            "SELECT count(*) FROM information_schema.tables "
            f"WHERE table_schema = 'risk' AND table_name = '{table}'"
        )
        if not exists:
            raise NotScored(f"no scores in {store}: run `akrim analyse` first")
        out.parent.mkdir(parents=True, exist_ok=True)
        target = str(out.resolve()).replace("'", "''")
        # Scores are kept at full precision in the store; the files show four decimals.
        selected = ", ".join("round(score, 4) AS score" if c == "score" else c for c in columns)
        backend.execute(
            f"COPY (SELECT {selected} FROM risk.{table} ORDER BY {order}) "
            f"TO '{target}' (HEADER, DELIMITER ',')"
        )
        return int(str(backend.scalar(f"SELECT count(*) FROM risk.{table}")))
    finally:
        backend.close()


def export_priorities(store: Path, out: Path) -> int:
    """Write the ranked threat actors; the number of rows written."""
    return _export(store, out, "priorities", PRIORITY_COLUMNS, "rank")


def export_companies(store: Path, out: Path) -> int:
    """Write every company the platform knows with its score; the number of rows written."""
    return _export(store, out, "companies", COMPANY_COLUMNS, "score DESC, orgnr")


FAIRNESS_COLUMNS = (
    "grouping", "group", "workers", "flagged", "flag_rate", "inspected_flagged", "hits", "hit_rate"
)  # fmt: skip


def export_fairness(store: Path, out: Path, threshold: float) -> int:
    """Write the auditors' fairness report (flag and hit rates by protected group)."""
    import csv

    backend = open_store(store)
    try:
        exists = backend.scalar(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema = 'risk' AND table_name = 'companies'"
        )
        if not exists:
            raise NotScored(f"no scores in {store}: run `akrim analyse` first")
        rows = fairness_report(backend, threshold)
    finally:
        backend.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(FAIRNESS_COLUMNS)
        for r in rows:
            rate = "" if r.hit_rate is None else f"{r.hit_rate:.4f}"
            writer.writerow(
                [r.grouping, r.group, r.workers, r.flagged, f"{r.flag_rate:.4f}",
                 r.inspected_flagged, r.hits, rate]
            )  # fmt: skip
    return len(rows)
