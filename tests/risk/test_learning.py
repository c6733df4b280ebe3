"""Weights learned from inspection outcomes: the indicator that predicts findings gets points,
noise does not, discrimination is measured on held-out companies, and selection into
inspection (which favours flagged companies) is modelled."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from akrim.domain.indicators import load_catalogue
from akrim.engines.duckdb_backend import DuckDBBackend
from akrim.engines.ingest.schema_sql import schema_statements_sql
from akrim.engines.network.keyed_views_sql import keyed_view_statements_sql
from akrim.engines.risk.learning import learn_from_outcomes, learnable_indicators

SIGNAL, NOISE = "WAGE_BELOW_MINIMUM", "AUDITOR_CHANGES"


def _store(seed: int = 3, n: int = 1500) -> DuckDBBackend:
    rng = np.random.default_rng(seed)
    backend = DuckDBBackend()
    for statement in [*schema_statements_sql(), *keyed_view_statements_sql()]:
        backend.execute(statement)
    backend.execute("CREATE SCHEMA risk")
    orgnrs = [f"9{i:08d}" for i in range(n)]
    signal = rng.random(n) < 0.2
    noise = rng.random(n) < 0.3
    evidence = [(o, SIGNAL) for o, s in zip(orgnrs, signal, strict=True) if s]
    evidence += [(o, NOISE) for o, s in zip(orgnrs, noise, strict=True) if s]
    backend.register_arrow(
        "ev",
        pa.table({"company_id": [e[0] for e in evidence], "indicator": [e[1] for e in evidence]}),
    )
    backend.execute("CREATE TABLE risk.evidence AS SELECT * FROM ev")
    backend.register_arrow("co", pa.table({"orgnr": orgnrs}))
    backend.execute("CREATE TABLE risk.companies AS SELECT * FROM co")
    # Inspectors favour flagged firms: selection is not at random.
    inspected = rng.random(n) < np.where(signal, 0.6, 0.1)
    serious = rng.random(n) < np.where(signal, 0.7, 0.15)
    chosen = np.flatnonzero(inspected)
    table = pa.table(
        {
            "record_id": [f"t{i}" for i in chosen],
            "orgnr": [orgnrs[i] for i in chosen],
            "reaction": ["FINE" if serious[i] else "NONE" for i in chosen],
        }
    )
    backend.register_arrow("til", table)
    backend.execute(
        "INSERT INTO facts.arbeidstilsynet__tilsyn (record_id, inspection_id, orgnr, reaction) "
        "SELECT record_id, record_id, orgnr, reaction FROM til"
    )
    return backend


def test_outcome_model_learns_the_predictive_indicator() -> None:
    model = learn_from_outcomes(_store(), load_catalogue())
    assert model is not None
    points = {line.indicator: line.points for line in model.scorecard}
    assert points[SIGNAL] >= 20  # the signal more than doubles the odds
    assert points[NOISE] < points[SIGNAL] / 2
    assert all(p >= 0 for p in points.values())
    assert model.auc > 0.65 and model.held_out > 0
    assert set(model.weights()) == set(learnable_indicators(load_catalogue()))


def test_inspection_indicators_are_not_learned_from_their_own_outcome() -> None:
    codes = learnable_indicators(load_catalogue())
    assert "PAST_INSPECTION_FINDINGS" not in codes
    assert "WORKERS_SEEN_NOT_REPORTED" not in codes


def test_too_few_outcomes_give_no_model() -> None:
    backend = _store(n=30)
    backend.execute("DELETE FROM facts.arbeidstilsynet__tilsyn")
    assert learn_from_outcomes(backend, load_catalogue()) is None
