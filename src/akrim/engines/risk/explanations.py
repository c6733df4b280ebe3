"""Reads scores back from the store as domain values (``Score`` of ``Contribution``s with their
evidence), so that interfaces show exactly what the stage computed and never recompute it."""

from __future__ import annotations

from collections import defaultdict

from akrim.domain.scoring import Contribution, Evidence, Score
from akrim.engines.backend import Backend


def _version(backend: Backend) -> str:
    return str(backend.scalar("SELECT any_value(catalogue_version) FROM risk.weights") or "")


def _evidence(
    backend: Backend, sql: str, params: list[object]
) -> dict[tuple[str, str], list[Evidence]]:
    found: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for company, indicator, source_file, record_id in backend.rows(sql, params):
        found[(str(company), str(indicator))].append(Evidence(str(source_file), str(record_id)))
    return found


def company_score(backend: Backend, orgnr: str) -> Score:
    evidence = _evidence(
        backend,
        "SELECT DISTINCT company_id, indicator, source_file, record_id FROM risk.evidence "
        "WHERE company_id = ? ORDER BY 1, 2, 3, 4",
        [orgnr],
    )
    rows = backend.rows(
        "SELECT indicator, points FROM risk.company_contributions WHERE company_id = ? "
        "ORDER BY indicator",
        [orgnr],
    )
    contributions = tuple(
        Contribution(str(code), float(str(points)), tuple(evidence[(orgnr, str(code))]), orgnr)
        for code, points in rows
    )
    return Score(orgnr, _version(backend), contributions)


def network_score(backend: Backend, actor: str) -> Score:
    company_evidence = _evidence(
        backend,
        "SELECT DISTINCT e.company_id, e.indicator, e.source_file, e.record_id "
        "FROM risk.evidence e JOIN network.actor_members m USING (company_id) "
        "WHERE m.actor_id = ? ORDER BY 1, 2, 3, 4",
        [actor],
    )
    network_evidence = _evidence(
        backend,
        "SELECT DISTINCT '', indicator, source_file, record_id FROM risk.network_evidence "
        "WHERE actor_id = ? ORDER BY 1, 2, 3, 4",
        [actor],
    )
    rows = backend.rows(
        "SELECT indicator, company_id, points FROM risk.network_contributions "
        "WHERE actor_id = ? ORDER BY indicator, company_id",
        [actor],
    )
    contributions = []
    for code, company, points in rows:
        key = (str(company), str(code))
        evidence = company_evidence.get(key) or network_evidence.get(key) or []
        contributions.append(
            Contribution(str(code), float(str(points)), tuple(evidence), str(company))
        )
    return Score(actor, _version(backend), tuple(contributions))
