"""The auditors' fairness report: flag rates and hit rates by protected group.

This is the ONLY module that reads protected attributes (citizenship, sex, birth date), and it
reads them only to report on the scores, never to produce one. Groups are formed over workers:
a worker is flagged when an employer of theirs is flagged (company score above the threshold);
a hit is a flagged worker whose flagged employer had a serious inspection finding. Large
differences in flag rate with similar hit rates point to an indicator acting as a proxy.
"""

from __future__ import annotations

from dataclasses import dataclass

from akrim.engines.backend import Backend
from akrim.engines.risk.learning import SERIOUS

GROUPINGS = {
    "citizenship": "CASE WHEN f.citizenship IS NULL THEN 'unknown' "
    "WHEN f.citizenship = 'NO' THEN 'NO' ELSE 'other' END",
    "sex": "coalesce(f.sex, 'unknown')",
    "age_band": "CASE WHEN f.birth_date IS NULL THEN 'unknown' "
    "WHEN date_diff('year', f.birth_date, DATE '2026-01-01') < 30 THEN 'under 30' "
    "WHEN date_diff('year', f.birth_date, DATE '2026-01-01') < 50 THEN '30-49' "
    "ELSE '50 and over' END",
}


@dataclass(frozen=True, slots=True)
class FairnessRow:
    grouping: str
    group: str
    workers: int
    flagged: int
    flag_rate: float
    inspected_flagged: int
    hits: int
    hit_rate: float | None  # hits among flagged workers whose employer was inspected


def fairness_sql(grouping: str, threshold: float) -> str:
    return (
        "WITH worker AS (SELECT DISTINCT e.person_key, e.employer FROM network.employments e "
        "WHERE e.person_key IS NOT NULL), "
        f"flag AS (SELECT orgnr FROM risk.companies WHERE score >= {threshold}), "
        f"outcome AS (SELECT orgnr, max(CASE WHEN {SERIOUS} THEN 1 ELSE 0 END) AS hit "
        "FROM current.arbeidstilsynet__tilsyn GROUP BY 1), "
        "per_worker AS (SELECT w.person_key, max(CASE WHEN fl.orgnr IS NOT NULL THEN 1 ELSE 0 "
        "END) AS flagged, max(CASE WHEN fl.orgnr IS NOT NULL AND o.orgnr IS NOT NULL THEN 1 "
        "ELSE 0 END) AS inspected, max(CASE WHEN fl.orgnr IS NOT NULL THEN o.hit END) AS hit "
        "FROM worker w LEFT JOIN flag fl ON fl.orgnr = w.employer "
        "LEFT JOIN outcome o ON o.orgnr = w.employer GROUP BY 1) "
        f"SELECT {GROUPINGS[grouping]} AS grp, count(*), sum(p.flagged), sum(p.inspected), "
        "coalesce(sum(CASE WHEN p.inspected = 1 THEN p.hit END), 0) FROM per_worker p "
        "LEFT JOIN (SELECT person_key, min(record_id) AS record_id FROM network.residences "
        "GROUP BY 1) r ON r.person_key = p.person_key "
        "LEFT JOIN current.skatteetaten__folkeregister f ON f.record_id = r.record_id "
        "GROUP BY 1 ORDER BY 1"
    )


def fairness_report(backend: Backend, threshold: float = 3.0) -> list[FairnessRow]:
    rows: list[FairnessRow] = []
    for grouping in GROUPINGS:
        for group, workers, flagged, inspected, hits in backend.rows(
            fairness_sql(grouping, threshold)
        ):
            n, f, i, h = (int(str(v or 0)) for v in (workers, flagged, inspected, hits))
            rows.append(
                FairnessRow(grouping, str(group), n, f, f / n if n else 0.0, i, h,
                            h / i if i else None)
            )  # fmt: skip
    return rows
