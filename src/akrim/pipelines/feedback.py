"""Outcome feedback in ``akrim analyse``: the centres' case outcomes into the store (schema
``feedback``) before scoring, and after scoring what the learning made of them: the change in
learned weights against the previous run, and the scores of case subjects for evaluation.

Tables (schema ``feedback``):

- ``case_outcomes``: one row per case and subject with recorded results, replaced on every run
  that is given the operational database's outcomes (the operational database is the source of
  truth: a corrected result corrects the store). A run without an operational database keeps
  what an earlier run wrote, so the learning does not forget outcomes because of where it ran.
- ``tracked_subjects``: every case's subjects, replaced likewise.
- ``scorecard_before``: the learned scorecard as the previous run left it (working table).
- ``weight_changes``: per run and indicator, the learned coefficient and points before and after.
- ``subject_scores``: per run, the score, indicators and group of each tracked company or
  threat-actor subject, kept across runs: the before and after of a measure's effect on risk.
- ``runs``: one row per run: when, whether outcomes were given, how many companies they label.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import pyarrow as pa

from akrim.domain.outcomes import CaseOutcome, TrackedSubject, WeightChange
from akrim.engines.backend import Backend
from akrim.engines.risk.learning import case_outcomes as labelled_companies

CASE_OUTCOME_SCHEMA = pa.schema(
    [
        ("case_id", pa.string()),
        ("subject", pa.string()),
        ("centre", pa.string()),
        ("measure_kinds", pa.string()),
        ("breach_confirmed", pa.bool_()),
        ("decided_on", pa.date32()),
        ("fines_nok", pa.float64()),
        ("tax_claims_nok", pa.float64()),
        ("wrongful_benefits_nok", pa.float64()),
        ("assets_seized_nok", pa.float64()),
        ("police_reports", pa.int64()),
    ]
)


@dataclass(frozen=True, slots=True)
class FeedbackReport:
    """What the learning made of the outcomes on this run."""

    run_at: dt.datetime
    outcomes_given: bool  # False: no operational database, the stored outcomes were used
    case_outcomes: int  # case-subject rows in the store
    companies_labelled: int  # known companies that a case outcome labels
    changes: tuple[WeightChange, ...] = field(default=())

    @property
    def changed(self) -> tuple[WeightChange, ...]:
        return tuple(c for c in self.changes if c.changed)


def _table_exists(backend: Backend, schema: str, table: str) -> bool:
    return bool(
        backend.scalar(
            "SELECT count(*) FROM information_schema.tables "
            f"WHERE table_schema = '{schema}' AND table_name = '{table}'"
        )
    )


def _replace(backend: Backend, name: str, table: pa.Table) -> None:
    backend.register_arrow(f"{name}_in", table)
    backend.execute(f"CREATE OR REPLACE TABLE feedback.{name} AS SELECT * FROM {name}_in")
    backend.unregister(f"{name}_in")


def _outcome_rows(outcomes: Sequence[CaseOutcome]) -> pa.Table:
    rows = [(o, s) for o in outcomes for s in sorted(set(o.subjects))]
    return pa.table(
        {
            "case_id": [o.case_id for o, _ in rows],
            "subject": [s for _, s in rows],
            "centre": [o.centre for o, _ in rows],
            "measure_kinds": [" ".join(sorted(set(o.measure_kinds))) for o, _ in rows],
            "breach_confirmed": [o.breach_confirmed for o, _ in rows],
            "decided_on": [o.decided_on for o, _ in rows],
            "fines_nok": [float(o.fines_nok) for o, _ in rows],
            "tax_claims_nok": [float(o.tax_claims_nok) for o, _ in rows],
            "wrongful_benefits_nok": [float(o.wrongful_benefits_nok) for o, _ in rows],
            "assets_seized_nok": [float(o.assets_seized_nok) for o, _ in rows],
            "police_reports": [o.police_reports for o, _ in rows],
        },
        schema=CASE_OUTCOME_SCHEMA,
    )


def _tracked_rows(tracked: Sequence[TrackedSubject]) -> pa.Table:
    unique = sorted({(t.case_id, t.subject) for t in tracked})
    return pa.table(
        {"case_id": [c for c, _ in unique], "subject": [s for _, s in unique]},
        schema=pa.schema([("case_id", pa.string()), ("subject", pa.string())]),
    )


def record_outcomes(
    backend: Backend,
    outcomes: Sequence[CaseOutcome] | None,
    tracked: Sequence[TrackedSubject] | None,
) -> None:
    """Before scoring: store the outcomes (when given) and keep the current learned scorecard
    to compare the next one with."""
    backend.execute("CREATE SCHEMA IF NOT EXISTS feedback")
    if outcomes is not None or not _table_exists(backend, "feedback", "case_outcomes"):
        _replace(backend, "case_outcomes", _outcome_rows(outcomes or ()))
    if tracked is not None or not _table_exists(backend, "feedback", "tracked_subjects"):
        _replace(backend, "tracked_subjects", _tracked_rows(tracked or ()))
    if _table_exists(backend, "risk", "learned_scorecard"):
        backend.execute(
            "CREATE OR REPLACE TABLE feedback.scorecard_before AS "
            "SELECT indicator, coefficient, points FROM risk.learned_scorecard"
        )
    else:
        backend.execute(
            "CREATE OR REPLACE TABLE feedback.scorecard_before "
            "(indicator VARCHAR, coefficient DOUBLE, points BIGINT)"
        )


def _scorecard(backend: Backend, table: str) -> dict[str, tuple[float, int]]:
    if not _table_exists(backend, *table.split(".")):
        return {}
    rows = backend.rows(f"SELECT indicator, coefficient, points FROM {table}")
    return {str(i): (float(str(c)), int(str(p))) for i, c, p in rows}


def weight_changes(
    before: dict[str, tuple[float, int]], after: dict[str, tuple[float, int]]
) -> tuple[WeightChange, ...]:
    """Per indicator of either scorecard, the coefficient and points before and after."""
    return tuple(
        WeightChange(
            indicator=code,
            coefficient_before=before[code][0] if code in before else None,
            coefficient_after=after[code][0] if code in after else None,
            points_before=before[code][1] if code in before else None,
            points_after=after[code][1] if code in after else None,
        )
        for code in sorted({*before, *after})
    )


def _append_changes(backend: Backend, run_at: dt.datetime, changes: Sequence[WeightChange]) -> None:
    table = pa.table(
        {
            "run_at": [run_at] * len(changes),
            "indicator": [c.indicator for c in changes],
            "coefficient_before": [c.coefficient_before for c in changes],
            "coefficient_after": [c.coefficient_after for c in changes],
            "points_before": [c.points_before for c in changes],
            "points_after": [c.points_after for c in changes],
        },
        schema=pa.schema(
            [
                ("run_at", pa.timestamp("us")),
                ("indicator", pa.string()),
                ("coefficient_before", pa.float64()),
                ("coefficient_after", pa.float64()),
                ("points_before", pa.int64()),
                ("points_after", pa.int64()),
            ]
        ),
    )
    backend.register_arrow("weight_changes_in", table)
    backend.execute(
        "CREATE TABLE IF NOT EXISTS feedback.weight_changes AS "
        "SELECT * FROM weight_changes_in WHERE false"
    )
    backend.execute("INSERT INTO feedback.weight_changes SELECT * FROM weight_changes_in")
    backend.unregister("weight_changes_in")


def _snapshot_subjects(backend: Backend, run_at: dt.datetime) -> None:
    """Scores of tracked subjects on this run: companies by org number, threat actors by id
    (a person subject has no score of its own)."""
    backend.execute(
        "CREATE TABLE IF NOT EXISTS feedback.subject_scores (run_at TIMESTAMP, subject VARCHAR, "
        "score DOUBLE, indicators VARCHAR, actor_id VARCHAR)"
    )
    if _table_exists(backend, "risk", "companies"):
        backend.execute(
            "INSERT INTO feedback.subject_scores SELECT DISTINCT ?::TIMESTAMP, t.subject, "
            "c.score, c.indicators, c.actor_id FROM feedback.tracked_subjects t "
            "JOIN risk.companies c ON c.orgnr = t.subject",
            [run_at],
        )
    if _table_exists(backend, "risk", "network_scores"):
        backend.execute(
            "INSERT INTO feedback.subject_scores SELECT DISTINCT ?::TIMESTAMP, t.subject, "
            "n.score, n.indicators, n.actor_id FROM feedback.tracked_subjects t "
            "JOIN risk.network_scores n ON n.actor_id = t.subject",
            [run_at],
        )


def report_feedback(backend: Backend, outcomes_given: bool) -> FeedbackReport:
    """After scoring: compare the learned scorecard with the previous run's, keep the change
    and the tracked subjects' scores, and say what the outcomes labelled."""
    run_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    changes = weight_changes(
        _scorecard(backend, "feedback.scorecard_before"),
        _scorecard(backend, "risk.learned_scorecard"),
    )
    _append_changes(backend, run_at, changes)
    _snapshot_subjects(backend, run_at)
    rows = int(str(backend.scalar("SELECT count(*) FROM feedback.case_outcomes")))
    known = {str(r[0]) for r in backend.rows("SELECT orgnr FROM risk.companies")}
    labelled = len(set(labelled_companies(backend)) & known)
    backend.execute(
        "CREATE TABLE IF NOT EXISTS feedback.runs (run_at TIMESTAMP, outcomes_given BOOLEAN, "
        "case_outcomes BIGINT, companies_labelled BIGINT, weights_changed BIGINT)"
    )
    report = FeedbackReport(run_at, outcomes_given, rows, labelled, changes)
    backend.execute(
        "INSERT INTO feedback.runs VALUES (?, ?, ?, ?, ?)",
        [run_at, outcomes_given, rows, labelled, len(report.changed)],
    )
    return report


@dataclass(frozen=True, slots=True)
class SubjectScore:
    run_at: dt.datetime
    subject: str
    score: float
    indicators: tuple[str, ...]


def subject_score_history(backend: Backend, subjects: Sequence[str]) -> list[SubjectScore]:
    """Every stored run's score of the given subjects, oldest first (for evaluation)."""
    if not subjects or not _table_exists(backend, "feedback", "subject_scores"):
        return []
    marks = ", ".join("?" for _ in subjects)
    rows = backend.rows(
        "SELECT run_at, subject, score, coalesce(indicators, '') FROM feedback.subject_scores "
        f"WHERE subject IN ({marks}) ORDER BY run_at, subject",
        list(subjects),
    )
    return [
        SubjectScore(_timestamp(r[0]), str(r[1]), float(str(r[2])), tuple(str(r[3]).split()))
        for r in rows
    ]


def _timestamp(value: object) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise TypeError(f"expected a timestamp, got {value!r}")
    return value
