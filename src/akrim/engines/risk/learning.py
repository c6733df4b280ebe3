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

Outcomes recorded on the centres' own cases (``feedback.case_outcomes``, written by the analyse
pipeline from the operational database) join the inspections: a company that is a subject of a
case with recorded results is observed, with a serious outcome when the case confirmed a breach.
Case subjects were chosen, too (mostly from the priorities), so they enter the propensity model
as observed. They always train the model: they are few and the reason to refit. The held-out
companies are drawn by a keyed hash of the org number, not at random per run, so that two runs
on the same inspections hold out the same companies and a change in the learned weights comes
from new outcomes, not from a new sample.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score

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
    case_outcomes: int = 0  # companies labelled by the outcome of a centre's case

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


def _inspection_outcomes(backend: Backend) -> dict[str, int]:
    rows = backend.rows(
        f"SELECT orgnr, max(CASE WHEN {SERIOUS} THEN 1 ELSE 0 END) "
        "FROM current.arbeidstilsynet__tilsyn WHERE orgnr IS NOT NULL GROUP BY 1"
    )
    return {str(o): int(str(y)) for o, y in rows}


def case_outcomes(backend: Backend) -> dict[str, int]:
    """Per company that a case with recorded results was about: 1 if any such case confirmed a
    breach. A network subject (a threat-actor id) stands for its member companies."""
    exists = backend.scalar(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = 'feedback' AND table_name = 'case_outcomes'"
    )
    if not exists:
        return {}
    members = backend.scalar(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = 'network' AND table_name = 'actor_members'"
    )
    expanded = (
        "SELECT coalesce(m.company_id, o.subject) AS company_id, o.breach_confirmed "
        "FROM feedback.case_outcomes o LEFT JOIN network.actor_members m ON m.actor_id = o.subject"
        if members
        else "SELECT subject AS company_id, breach_confirmed FROM feedback.case_outcomes"
    )
    rows = backend.rows(
        "SELECT company_id, max(CASE WHEN breach_confirmed THEN 1 ELSE 0 END) "
        f"FROM ({expanded}) GROUP BY 1"
    )
    return {str(s): int(str(y)) for s, y in rows}


def _held_out(company: str, seed: int, share: float) -> bool:
    digest = hashlib.blake2b(f"{seed}:{company}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64 < share


def _discrimination(y: np.ndarray, score: np.ndarray, weight: np.ndarray) -> tuple[float, float]:
    """Weighted AUC and average precision; NaN when the held-out set has one class only."""
    if len(set(y.tolist())) < 2:
        return math.nan, math.nan
    return (
        float(roc_auc_score(y, score, sample_weight=weight)),
        float(average_precision_score(y, score, sample_weight=weight)),
    )


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
    outcome = _inspection_outcomes(backend)
    from_cases = case_outcomes(backend)
    for company, y in from_cases.items():
        outcome[company] = max(y, outcome.get(company, 0))  # any serious finding counts
    observed = np.array([c in outcome for c in companies])
    y_all = np.array([outcome.get(c, 0) for c in companies])
    if observed.sum() < 20 or len(set(y_all[observed])) < 2:
        return None
    propensity = LogisticRegression(max_iter=1000).fit(context, observed.astype(int))
    p = np.clip(propensity.predict_proba(context)[:, 1], MIN_PROPENSITY, 1.0)
    test_mask = np.array(
        [c not in from_cases and _held_out(c, seed, test_share) for c in companies]
    )
    train, test = np.flatnonzero(observed & ~test_mask), np.flatnonzero(observed & test_mask)
    if len(set(y_all[train])) < 2:
        return None
    model = LogisticRegression(max_iter=1000, C=1.0)
    model.fit(features[train], y_all[train], sample_weight=1.0 / p[train])
    predicted = model.predict_proba(features[test])[:, 1] if len(test) else np.array([])
    prior = features[test] @ np.array([catalogue.get(c).weight for c in codes])
    auc, ap = _discrimination(y_all[test], predicted, 1.0 / p[test])
    prior_auc, prior_ap = _discrimination(y_all[test], prior, 1.0 / p[test])
    return OutcomeModel(
        inspected=int(observed.sum()),
        positives=int(y_all[observed].sum()),
        held_out=len(test),
        auc=auc,
        average_precision=ap,
        prior_auc=prior_auc,
        prior_average_precision=prior_ap,
        scorecard=_scorecard(codes, model.coef_[0]),
        case_outcomes=sum(1 for c in companies if c in from_cases),
    )
