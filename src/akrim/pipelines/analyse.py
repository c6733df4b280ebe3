"""The ``analyse`` pipeline: the analysis stages, run in order over everything ingested, each
writing its own schema of the store and returning what it did for the run report.

Stages: resolution (who is who), the centres' case outcomes into the store, networks and
scores (with the learning from outcomes), then the feedback report (the change in learned
weights). Each is a function of an open store and the run's options, listed in ``STAGES``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from akrim.domain.outcomes import CaseOutcome, TrackedSubject
from akrim.engines.backend import Backend, open_store
from akrim.engines.resolution.decisions import MentionRef, Verdict, record_decision
from akrim.engines.resolution.memory import default_budget
from akrim.engines.resolution.resolve import ResolutionReport, ResolutionSettings, resolve
from akrim.pipelines.feedback import FeedbackReport, record_outcomes, report_feedback
from akrim.pipelines.priorities import networks_and_scores_stage
from akrim.pipelines.workbench.serving import serving_stage


class NothingIngested(RuntimeError):
    """The store holds no facts yet."""


@dataclass(frozen=True, slots=True)
class AnalyseOptions:
    link_threshold: float = 0.9
    train: bool = True
    memory_limit: str | None = None  # the run's database budget; None: a third of the RAM
    # From the operational database when there is one (None: keep what the store has).
    case_outcomes: tuple[CaseOutcome, ...] | None = None
    tracked_subjects: tuple[TrackedSubject, ...] | None = None


@dataclass(frozen=True, slots=True)
class StageResult:
    name: str
    seconds: float
    detail: object  # the stage's own report (e.g. ResolutionReport)


@dataclass(slots=True)
class AnalyseReport:
    stages: list[StageResult] = field(default_factory=list)

    @property
    def resolution(self) -> ResolutionReport | None:
        for stage in self.stages:
            if isinstance(stage.detail, ResolutionReport):
                return stage.detail
        return None

    @property
    def feedback(self) -> FeedbackReport | None:
        for stage in self.stages:
            if isinstance(stage.detail, FeedbackReport):
                return stage.detail
        return None


Stage = tuple[str, Callable[[Backend, Path, AnalyseOptions], object]]


def _resolution_stage(backend: Backend, store: Path, options: AnalyseOptions) -> object:
    settings = ResolutionSettings(
        link_threshold=options.link_threshold,
        train=options.train,
        temp_directory=str(store / "tmp"),
        memory_limit=options.memory_limit or default_budget(),
    )
    return resolve(backend, settings)


def _outcomes_stage(backend: Backend, store: Path, options: AnalyseOptions) -> object:
    record_outcomes(backend, options.case_outcomes, options.tracked_subjects)
    return len(options.case_outcomes) if options.case_outcomes is not None else None


def _feedback_stage(backend: Backend, store: Path, options: AnalyseOptions) -> object:
    return report_feedback(backend, outcomes_given=options.case_outcomes is not None)


STAGES: list[Stage] = [
    ("resolution", _resolution_stage),
    ("case_outcomes", _outcomes_stage),
    ("networks_and_scores", networks_and_scores_stage),
    ("feedback", _feedback_stage),
    ("workbench", serving_stage),  # serving tables for the web pages; last
]


def _has_facts(backend: Backend) -> bool:
    count = backend.scalar(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'current'"
    )
    return bool(count)


def run_analyse(
    store: Path,
    options: AnalyseOptions | None = None,
    progress: Callable[[str], None] | None = None,
) -> AnalyseReport:
    """Run every stage in order; idempotent (a second run gives the same entities)."""
    options = options or AnalyseOptions()
    report = AnalyseReport()
    backend = open_store(store, memory_limit=options.memory_limit or default_budget())
    try:
        if not _has_facts(backend):
            raise NothingIngested(f"no ingested facts in {store}: run `akrim ingest` first")
        for name, stage in STAGES:
            if progress:
                progress(name)
            started = time.monotonic()
            detail = stage(backend, store, options)
            report.stages.append(StageResult(name, time.monotonic() - started, detail))
    finally:
        backend.close()
    return report


IDENTITY_COLUMNS = ("source_file", "record_id", "role", "entity_kind", "entity_id")


class NotAnalysed(RuntimeError):
    """Resolution has not run on this store."""


def export_identities(store: Path, out: Path) -> int:
    """Write which resolved entity every mention belongs to; the number of rows written."""
    backend = open_store(store)
    try:
        exists = backend.scalar(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema = 'resolution' AND table_name = 'identities'"
        )
        if not exists:
            raise NotAnalysed(f"no resolved identities in {store}: run `akrim analyse` first")
        out.parent.mkdir(parents=True, exist_ok=True)
        target = str(out.resolve()).replace("'", "''")
        cols = ", ".join(IDENTITY_COLUMNS)
        backend.execute(
            f"COPY (SELECT {cols} FROM resolution.identities ORDER BY {cols}) "
            f"TO '{target}' (HEADER, DELIMITER ',')"
        )
        return int(str(backend.scalar("SELECT count(*) FROM resolution.identities")))
    finally:
        backend.close()


def decide_link(
    store: Path, kind: str, left: str, right: str, verdict: Verdict, analyst: str, note: str
) -> None:
    """Record an analyst's confirm/reject of a link between two mentions."""
    backend = open_store(store)
    try:
        record_decision(
            backend, kind, MentionRef.parse(left), MentionRef.parse(right), verdict, analyst, note
        )
    finally:
        backend.close()
