"""Learning indicator weights from past inspection outcomes, aware that inspected companies were
not chosen at random.

Design: the labour inspection chooses whom to inspect, partly on the same signals the
indicators read, so the inspected companies are not a sample of all companies. We model the
chance of being inspected (a propensity model over indicators, NACE division and size, fitted
on all known companies) and fit the outcome model (serious finding: yes/no) on inspected
companies weighted by the inverse of that chance (clipped), so that the learned weights speak
for the whole population of companies, under the assumption that selection depends on what the
propensity model sees. Indicators that read the inspection registers themselves are left out
(they would leak the outcome). Discrimination is reported on held-out inspected companies
(AUC and average precision), and the fitted coefficients are turned into a points scorecard:
non-negative points per indicator, 20 points doubling the odds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import train_test_split

from akrim.domain.indicators import Catalogue, Level
from akrim.engines.backend import Backend

SERIOUS = (
    "reaction IN ('STOP', 'FINE', 'POLICE_REPORT') OR regexp_matches(coalesce(findings, ''), "
    "'(^|;)(UNDERPAID|UNREGISTERED_WORKERS|NO_CONTRACT|HOUSING|HOURS)(;|$)')"
)
OUTCOME_REGISTERS = ("arbeidstilsynet/tilsyn.csv", "arbeidstilsynet/tilsyn_personer.csv")
POINTS_TO_DOUBLE_ODDS = 20.0
MIN_PROPENSITY = 0.02


@dataclass(frozen=True, slots=True)
class ScorecardLine:
    indicator: str
    coefficient: float
    points: int  # non-negative: an indicator never lowers a score


@dataclass(frozen=True, slots=True)
class OutcomeModel:
    inspected: int
    positives: int
    held_out: int
    auc: float
    average_precision: float
    prior_auc: float  # the catalogue's prior weights on the same held-out companies
    prior_average_precision: float
    scorecard: tuple[ScorecardLine, ...]

    def weights(self, scale: float = 0.1) -> dict[str, float]:
        """Learned weights on the catalogue's scale (points x scale)."""
        return {line.indicator: line.points * scale for line in self.scorecard}


def learnable_indicators(catalogue: Catalogue) -> list[str]:
    return [
        i.code
        for i in catalogue.indicators
        if i.level is not Level.NETWORK and not set(i.registers) & set(OUTCOME_REGISTERS)
    ]


def _matrix(backend: Backend, codes: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    flags = ", ".join(
        f"max(CASE WHEN e.indicator = '{c}' THEN 1 ELSE 0 END) AS f{i}" for i, c in enumerate(codes)
    )
    rows = backend.rows(
        f"WITH known AS (SELECT orgnr AS company_id FROM risk.companies), "
        "size AS (SELECT employer AS company_id, count(DISTINCT person_key) AS staff "
        "FROM network.employments GROUP BY 1), "
        "division AS (SELECT orgnr AS company_id, substr(nace, 1, 2) AS division "
        "FROM current.brreg__enheter) "
        f"SELECT k.company_id, coalesce(s.staff, 0), coalesce(d.division, ''), {flags} "
        "FROM known k LEFT JOIN risk.evidence e USING (company_id) "
        "LEFT JOIN size s USING (company_id) LEFT JOIN division d USING (company_id) "
        "GROUP BY k.company_id, s.staff, d.division ORDER BY k.company_id"
    )
    companies = [str(r[0]) for r in rows]
    features = np.array([[float(str(v)) for v in r[3:]] for r in rows]).reshape(
        len(rows), len(codes)
    )
    divisions = sorted({str(r[2]) for r in rows})
    onehot = np.array([[1.0 if str(r[2]) == d else 0.0 for d in divisions] for r in rows])
    size = np.log1p(np.array([float(str(r[1])) for r in rows])).reshape(-1, 1)
    context = np.hstack([features, onehot.reshape(len(rows), -1), size])
    return companies, features, context


def _outcomes(backend: Backend) -> dict[str, int]:
    rows = backend.rows(
        f"SELECT orgnr, max(CASE WHEN {SERIOUS} THEN 1 ELSE 0 END) "
        "FROM current.arbeidstilsynet__tilsyn WHERE orgnr IS NOT NULL GROUP BY 1"
    )
    return {str(o): int(str(y)) for o, y in rows}


def _scorecard(codes: list[str], coefficients: np.ndarray) -> tuple[ScorecardLine, ...]:
    factor = POINTS_TO_DOUBLE_ODDS / math.log(2)
    return tuple(
        ScorecardLine(code, float(c), max(0, round(float(c) * factor)))
        for code, c in zip(codes, coefficients, strict=True)
    )


def learn_from_outcomes(
    backend: Backend, catalogue: Catalogue, *, seed: int = 0, test_share: float = 0.3
) -> OutcomeModel | None:
    """Fit the selection-aware outcome model; None when there are too few outcomes."""
    codes = learnable_indicators(catalogue)
    companies, features, context = _matrix(backend, codes)
    outcome = _outcomes(backend)
    inspected = np.array([c in outcome for c in companies])
    y_all = np.array([outcome.get(c, 0) for c in companies])
    if inspected.sum() < 20 or len(set(y_all[inspected])) < 2:
        return None
    propensity = LogisticRegression(max_iter=1000).fit(context, inspected.astype(int))
    p = np.clip(propensity.predict_proba(context)[:, 1], MIN_PROPENSITY, 1.0)
    index = np.flatnonzero(inspected)
    train, test = train_test_split(
        index, test_size=test_share, random_state=seed, stratify=y_all[index]
    )
    model = LogisticRegression(max_iter=1000, C=1.0)
    model.fit(features[train], y_all[train], sample_weight=1.0 / p[train])
    predicted = model.predict_proba(features[test])[:, 1]
    prior = features[test] @ np.array([catalogue.get(c).weight for c in codes])
    return OutcomeModel(
        inspected=int(inspected.sum()),
        positives=int(y_all[inspected].sum()),
        held_out=len(test),
        auc=float(roc_auc_score(y_all[test], predicted, sample_weight=1.0 / p[test])),
        average_precision=float(
            average_precision_score(y_all[test], predicted, sample_weight=1.0 / p[test])
        ),
        prior_auc=float(roc_auc_score(y_all[test], prior, sample_weight=1.0 / p[test])),
        prior_average_precision=float(
            average_precision_score(y_all[test], prior, sample_weight=1.0 / p[test])
        ),
        scorecard=_scorecard(codes, model.coef_[0]),
    )
