"""Outcome feedback: case outcomes in the store move the learned weights in the direction of
the finding, the change against the previous run is reported and kept, a run without outcomes
keeps what the store had, and tracked subjects' scores are kept run by run."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from akrim.domain.indicators import load_catalogue
from akrim.domain.outcomes import CaseOutcome, TrackedSubject
from akrim.engines.duckdb_backend import DuckDBBackend
from akrim.engines.risk.learning import learn_from_outcomes
from akrim.engines.risk.stage import _write_outcome_model
from akrim.pipelines.feedback import (
    FeedbackReport,
    record_outcomes,
    report_feedback,
    subject_score_history,
    weight_changes,
)

from .test_learning import NOISE, _store

DAY = dt.date(2026, 10, 1)


def _uninspected_with(backend: DuckDBBackend, indicator: str, n: int) -> list[str]:
    rows = backend.rows(
        "SELECT DISTINCT company_id FROM risk.evidence WHERE indicator = ? AND company_id NOT IN "
        "(SELECT orgnr FROM facts.arbeidstilsynet__tilsyn) ORDER BY 1 LIMIT ?",
        [indicator, n],
    )
    return [str(r[0]) for r in rows]


def _subjects(outcomes: list[CaseOutcome]) -> list[str]:
    return [s for o in outcomes for s in o.subjects]


def _outcome(case: str, subjects: list[str], breach: bool) -> CaseOutcome:
    return CaseOutcome(case, tuple(subjects), ("joint_inspection",), breach, DAY)


def _coefficient(backend: DuckDBBackend, code: str) -> float:
    model = learn_from_outcomes(backend, load_catalogue())
    assert model is not None
    return next(line.coefficient for line in model.scorecard if line.indicator == code)


def test_confirmed_breaches_raise_the_weight_and_clean_results_lower_it() -> None:
    backend = _store()
    before = _coefficient(backend, NOISE)
    subjects = _uninspected_with(backend, NOISE, 25)
    record_outcomes(backend, [_outcome("1", subjects, True)], None)
    raised = _coefficient(backend, NOISE)
    record_outcomes(backend, [_outcome("1", subjects, False)], None)
    lowered = _coefficient(backend, NOISE)
    assert raised > before + 0.1
    assert lowered < before - 0.1


def test_network_subjects_stand_for_their_member_companies() -> None:
    backend = _store()
    members = _uninspected_with(backend, NOISE, 25)
    backend.execute("CREATE SCHEMA IF NOT EXISTS network")
    backend.register_arrow(
        "am", pa.table({"actor_id": ["TA-x"] * len(members), "company_id": members})
    )
    backend.execute("CREATE TABLE network.actor_members AS SELECT * FROM am")
    before = _coefficient(backend, NOISE)
    record_outcomes(backend, [_outcome("2", ["TA-x"], True)], None)
    model = learn_from_outcomes(backend, load_catalogue())
    assert model is not None and model.case_outcomes == len(members)
    assert _coefficient(backend, NOISE) > before + 0.1


def test_held_out_companies_stay_the_same_between_runs() -> None:
    first = learn_from_outcomes(_store(), load_catalogue())
    second = learn_from_outcomes(_store(), load_catalogue())
    assert first is not None and second is not None
    assert first.held_out == second.held_out and first.scorecard == second.scorecard


def _learn_and_report(backend: DuckDBBackend, outcomes: list[CaseOutcome] | None) -> FeedbackReport:
    tracked = None if outcomes is None else [TrackedSubject("1", s) for s in _subjects(outcomes)]
    record_outcomes(backend, outcomes, tracked)
    _write_outcome_model(backend, learn_from_outcomes(backend, load_catalogue()))
    return report_feedback(backend, outcomes_given=outcomes is not None)


def test_the_change_is_reported_and_kept_and_a_run_without_outcomes_keeps_them() -> None:
    backend = _store()
    backend.execute("ALTER TABLE risk.companies ADD COLUMN score DOUBLE DEFAULT 1.0")
    backend.execute("ALTER TABLE risk.companies ADD COLUMN indicators VARCHAR DEFAULT ''")
    backend.execute("ALTER TABLE risk.companies ADD COLUMN actor_id VARCHAR DEFAULT ''")
    first = _learn_and_report(backend, [])
    assert first.outcomes_given and first.case_outcomes == 0
    assert all(c.points_before is None for c in first.changes)  # no previous run
    subjects = _uninspected_with(backend, NOISE, 25)
    second = _learn_and_report(backend, [_outcome("1", subjects, True)])
    assert second.companies_labelled == 25 and second.case_outcomes == 25
    noise = next(c for c in second.changed if c.indicator == NOISE)
    assert noise.coefficient_after is not None and noise.coefficient_before is not None
    assert noise.coefficient_after > noise.coefficient_before
    stored = backend.rows(
        "SELECT coefficient_before, coefficient_after FROM feedback.weight_changes "
        "WHERE indicator = ? ORDER BY run_at DESC, coefficient_after DESC LIMIT 1",
        [NOISE],
    )
    assert stored and float(str(stored[0][1])) > float(str(stored[0][0]))
    third = _learn_and_report(backend, None)  # no operational database this time
    assert not third.outcomes_given and third.case_outcomes == 25
    assert third.changed == ()  # same outcomes, same split: the weights stay
    history = subject_score_history(backend, subjects[:2])
    assert [h.subject for h in history] == sorted(subjects[:2]) * 2  # runs 2 and 3


def test_weight_changes_name_new_and_dropped_indicators() -> None:
    changes = weight_changes({"A": (0.1, 3), "B": (0.2, 6)}, {"B": (0.3, 9), "C": (0.0, 0)})
    assert [(c.indicator, c.changed) for c in changes] == [("A", True), ("B", True), ("C", True)]
    same = weight_changes({"A": (0.1, 3)}, {"A": (0.1, 3)})
    assert not same[0].changed
    assert np.isclose(changes[1].coefficient_after or 0, 0.3)


def test_threat_actor_subjects_keep_their_network_score() -> None:
    backend = _store(n=60)
    backend.execute("CREATE SCHEMA IF NOT EXISTS network")
    backend.execute(
        "CREATE TABLE risk.network_scores AS SELECT 'TA-1' AS actor_id, 7.5 AS score, "
        "'SHARED_CONTROLLER' AS indicators"
    )
    backend.execute("ALTER TABLE risk.companies ADD COLUMN score DOUBLE DEFAULT 1.0")
    backend.execute("ALTER TABLE risk.companies ADD COLUMN indicators VARCHAR DEFAULT ''")
    backend.execute("ALTER TABLE risk.companies ADD COLUMN actor_id VARCHAR DEFAULT ''")
    record_outcomes(backend, [], [TrackedSubject("1", "TA-1"), TrackedSubject("1", "900000001")])
    report_feedback(backend, outcomes_given=True)
    history = subject_score_history(backend, ["TA-1", "900000001"])
    assert {(h.subject, h.score, h.indicators) for h in history} == {
        ("TA-1", 7.5, ("SHARED_CONTROLLER",)),
        ("900000001", 1.0, ()),
    }
