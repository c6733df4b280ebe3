"""The priorities list: ranked threat actors, filtered by region, sector, typology, indicator
and agency of origin, sorted and paginated, each with its members and strongest indicators.

Scores, ranks and indicator codes are the centres' joint analysis product; reading them
discloses no register row, so this module needs no fact scopes.
"""

from __future__ import annotations

from dataclasses import dataclass

from akrim.engines.backend import Backend
from akrim.engines.risk.scores_sql import exact_sum
from akrim.pipelines.workbench import catalogue_facets

SORTS = {
    "rank": "p.rank",
    "score": "p.score",
    "companies": "len(string_split(p.orgnrs, ' '))",
    "persons": "len(string_split(coalesce(p.person_ids, ''), ' '))",
}
STRONGEST = 3
MAX_PER_PAGE = 200


def priorities_sorts() -> tuple[str, ...]:
    return tuple(SORTS)


@dataclass(frozen=True, slots=True)
class IndicatorStrength:
    code: str
    points: float


@dataclass(frozen=True, slots=True)
class PriorityRow:
    rank: int
    actor_id: str
    score: float
    companies: tuple[str, ...]
    persons: int
    strongest: tuple[IndicatorStrength, ...]
    # Each company's name in the open central register ("" when it has none there), in
    # the order of ``companies``.
    company_names: tuple[str, ...] = ()

    @property
    def named_companies(self) -> tuple[tuple[str, str], ...]:
        return tuple(zip(self.companies, self.company_names, strict=True))


@dataclass(frozen=True, slots=True)
class PriorityQuery:
    """A filter over the ranked actors. ``counties`` None means the whole country."""

    counties: tuple[str, ...] | None = None
    nace: str = ""  # a NACE code prefix, e.g. "41" or "43.3"
    typology: str = ""
    indicator: str = ""
    agency: str = ""
    sort: str = "rank"
    descending: bool = False
    page: int = 1
    per_page: int = 25

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {self.sort!r}")
        if self.page < 1 or not 1 <= self.per_page <= MAX_PER_PAGE:
            raise ValueError(f"page must be 1 or more and per_page 1 to {MAX_PER_PAGE}")


@dataclass(frozen=True, slots=True)
class PriorityPage:
    rows: tuple[PriorityRow, ...]
    total: int
    query: PriorityQuery

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


def _where(query: PriorityQuery) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    member_clauses: list[str] = []
    if query.counties is not None:
        member_clauses.append("list_contains(?, f.county)")
        params.append(list(query.counties))
    if query.nace:
        member_clauses.append("starts_with(f.nace, ?)")
        params.append(query.nace)
    if member_clauses:
        clauses.append(
            "p.actor_id IN (SELECT m.actor_id FROM network.actor_members m "
            f"JOIN ({company_facets_sql()}) f ON f.orgnr = m.company_id "
            f"WHERE {' AND '.join(member_clauses)})"
        )
    if query.typology or query.indicator or query.agency:
        codes = catalogue_facets.indicator_codes(
            typology=query.typology, agency=query.agency, indicator=query.indicator
        )
        clauses.append("list_has_any(string_split(p.indicators, ' '), ?)")
        params.append(sorted(codes) or [""])
    return (" AND ".join(clauses) or "TRUE"), params


def company_facets_sql() -> str:
    """Each registered company's county and NACE code, from the open central register."""
    return (
        "SELECT orgnr, nace, left(coalesce(nullif(business_municipality_no, ''), "
        "postal_municipality_no), 2) AS county FROM current.brreg__enheter"
    )


def priorities(backend: Backend, query: PriorityQuery) -> PriorityPage:
    """One page of ranked threat actors matching the query."""
    where, params = _where(query)
    total = int(
        str(backend.scalar(f"SELECT count(*) FROM risk.priorities p WHERE {where}", params))
    )
    order = f"{SORTS[query.sort]} {'DESC' if query.descending else 'ASC'}, p.rank"
    rows = backend.rows(
        f"SELECT p.rank, p.actor_id, p.score, p.orgnrs, p.person_ids FROM risk.priorities p "
        f"WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, query.per_page, (query.page - 1) * query.per_page],
    )
    strongest = _strongest(backend, [str(r[1]) for r in rows])
    names = _open_register_names(backend, [o for r in rows for o in str(r[3] or "").split()])
    return PriorityPage(
        tuple(
            PriorityRow(
                rank=int(str(rank)),
                actor_id=str(actor),
                score=float(str(score)),
                companies=tuple(str(orgnrs or "").split()),
                persons=len(str(persons or "").split()),
                strongest=strongest.get(str(actor), ()),
                company_names=tuple(names.get(o, "") for o in str(orgnrs or "").split()),
            )
            for rank, actor, score, orgnrs, persons in rows
        ),
        total,
        query,
    )


def _open_register_names(backend: Backend, orgnrs: list[str]) -> dict[str, str]:
    """Names as the open central register spells them: a confidential register's spelling
    of a foreign contractor's name is a fact, not a label."""
    if not orgnrs:
        return {}
    return {
        str(orgnr): str(name)
        for orgnr, name in backend.rows(
            "SELECT orgnr, any_value(name) FROM current.brreg__enheter "
            "WHERE list_contains(?, orgnr) GROUP BY orgnr",
            [sorted(set(orgnrs))],
        )
        if name
    }


def _strongest(backend: Backend, actors: list[str]) -> dict[str, tuple[IndicatorStrength, ...]]:
    if not actors:
        return {}
    found: dict[str, list[IndicatorStrength]] = {}
    for actor, code, points in backend.rows(
        f"SELECT actor_id, indicator, {exact_sum('points')} AS points "
        "FROM risk.network_contributions "
        "WHERE list_contains(?, actor_id) GROUP BY ALL ORDER BY actor_id, points DESC, indicator",
        [actors],
    ):
        found.setdefault(str(actor), []).append(IndicatorStrength(str(code), float(str(points))))
    return {a: tuple(s[:STRONGEST]) for a, s in found.items()}


def sector_codes(backend: Backend) -> list[tuple[str, int]]:
    """Two-digit NACE divisions among the actors' companies, with how many companies."""
    return [
        (str(code), int(str(n)))
        for code, n in backend.rows(
            f"SELECT left(f.nace, 2) AS code, count(*) FROM network.actor_members m "
            f"JOIN ({company_facets_sql()}) f ON f.orgnr = m.company_id "
            "WHERE f.nace IS NOT NULL GROUP BY 1 ORDER BY 1"
        )
    ]
