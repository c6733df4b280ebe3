"""The resolution stage over the store: mentions -> profiles -> links -> clusters -> entities,
written to schema ``resolution`` with a report of what was linked and what needs review.

Tables written: ``person_mentions``, ``person_profiles``, ``person_links``,
``company_mentions``, ``company_profiles``, ``company_links``, ``entities``,
``company_relations``, ``identities`` (one row per mention: its entity), ``link_decisions``
(analysts' verdicts; only read here).
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from akrim.domain.registers import REGISTER_FILES
from akrim.engines.backend import Backend
from akrim.engines.resolution.clustering import Edge, Exclusive, cluster
from akrim.engines.resolution.company_rules import (
    RULE_STRENGTH,
    company_edges_sql,
    company_profiles_sql,
)
from akrim.engines.resolution.decisions import decisions_table_sql, latest_decisions_sql
from akrim.engines.resolution.entity_ids import assign_ids
from akrim.engines.resolution.mentions_sql import (
    TableColumns,
    company_mentions_sql,
    current_tables_sql,
    person_mentions_sql,
    subunit_parents_sql,
)
from akrim.engines.resolution.person_model import score_pairs
from akrim.engines.resolution.profiles_sql import (
    company_mention_keys_sql,
    identifier_edges_sql,
    person_mention_keys_sql,
    person_profiles_sql,
)

S = "resolution"
MENTION_KEY = "source_file || '#' || record_id || '#' || role"


@dataclass(frozen=True, slots=True)
class ResolutionSettings:
    link_threshold: float = 0.9  # match probability at which a model link joins a cluster
    review_floor: float = 0.5  # model links from here up to the threshold are listed for review
    train: bool = True
    temp_directory: str | None = None
    memory_limit: str | None = None


@dataclass(frozen=True, slots=True)
class ReviewLink:
    left_mention: str
    right_mention: str
    probability: float
    explanation: str


@dataclass(slots=True)
class KindReport:
    kind: str
    mentions: int = 0
    profiles: int = 0
    entities: int = 0
    links_by_rule: dict[str, int] = field(default_factory=dict)
    refused: int = 0
    to_review: int = 0
    review_sample: list[ReviewLink] = field(default_factory=list)
    ids_kept: int = 0


@dataclass(slots=True)
class ResolutionReport:
    persons: KindReport
    companies: KindReport
    model_trained: bool = False
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class _Clustered:
    entity_of_profile: dict[int, str]
    accepted: list[bool]
    refused: int
    ids_kept: int


def current_tables(backend: Backend) -> TableColumns:
    columns: dict[str, set[str]] = {}
    for table, column in backend.rows(current_tables_sql()):
        columns.setdefault(str(table), set()).add(str(column))
    return {t: frozenset(c) for t, c in columns.items()}


def _table_exists(backend: Backend, name: str) -> bool:
    sql = "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?"
    return bool(backend.scalar(sql, [S, name]))


_SAME_COMPANY_PROFILE = (
    "m.orgnr IS NOT DISTINCT FROM p.orgnr AND m.fid_norm IS NOT DISTINCT FROM p.fid_norm "
    "AND m.fid_country IS NOT DISTINCT FROM p.fid_country "
    "AND m.name_key IS NOT DISTINCT FROM p.name_key"
)


def _mention_profile_sql(kind: str) -> str:
    """Each mention of a kind with its profile number."""
    join = "USING (profile_key)" if kind == "person" else f"ON {_SAME_COMPANY_PROFILE}"
    return (
        f"SELECT m.source_file, m.record_id, m.role, {MENTION_KEY} AS mention, p.unique_id "
        f"FROM {S}.{kind}_mentions m JOIN {S}.{kind}_profiles p {join}"
    )


def _decision_pairs(backend: Backend, kind: str) -> pa.Table:
    """Latest verdicts with the profiles of both mentions (pairs whose mentions are gone drop)."""
    return backend.arrow(
        f"WITH mp AS ({_mention_profile_sql(kind)}) SELECT d.left_mention, d.right_mention, "
        f"d.verdict, l.unique_id AS left_id, r.unique_id AS right_id "
        f"FROM ({latest_decisions_sql(kind)}) d "
        "JOIN mp l ON l.mention = d.left_mention JOIN mp r ON r.mention = d.right_mention"
    )


def _previous_overlaps(
    backend: Backend, kind: str, mention_cluster_sql: str
) -> list[tuple[int, str, int]]:
    if not _table_exists(backend, "identities"):
        return []
    rows = backend.rows(
        f"SELECT mc.cluster_no, i.entity_id, count(*) FROM ({mention_cluster_sql}) mc "
        f"JOIN {S}.identities i ON i.entity_kind = '{kind}' AND i.source_file = mc.source_file "
        "AND i.record_id = mc.record_id AND i.role = mc.role GROUP BY ALL"
    )
    return [(int(str(c)), str(e), int(str(n))) for c, e, n in rows]


def _cluster_and_name(
    backend: Backend,
    kind: str,
    anchors_of_profile: list[str],
    exclusives: list[Exclusive],
    edges: list[Edge],
    apart: list[tuple[int, int]],
    mention_profile_sql: str,
) -> _Clustered:
    """Cluster profiles, then give each cluster a stable entity id."""
    result = cluster(exclusives, edges, apart)
    anchors: dict[int, str] = {}
    for node, root in enumerate(result.cluster_of):
        anchor = anchors_of_profile[node]
        if root not in anchors or anchor < anchors[root]:
            anchors[root] = anchor
    mapping = pa.table(
        {
            "unique_id": pa.array(range(len(result.cluster_of)), pa.int64()),
            "cluster_no": pa.array(result.cluster_of, pa.int64()),
        }
    )
    backend.register_arrow("_resolution_profile_cluster", mapping)
    try:
        overlaps = _previous_overlaps(
            backend,
            kind,
            f"SELECT mp.source_file, mp.record_id, mp.role, pc.cluster_no FROM "
            f"({mention_profile_sql}) mp JOIN _resolution_profile_cluster pc USING (unique_id)",
        )
    finally:
        backend.unregister("_resolution_profile_cluster")
    ids = assign_ids("P" if kind == "person" else "C", anchors, overlaps)
    previous = {e for _, e, _ in overlaps}
    kept = sum(1 for entity in ids.values() if entity in previous)
    entity_of_profile = {node: ids[root] for node, root in enumerate(result.cluster_of)}
    return _Clustered(entity_of_profile, result.accepted, result.refused, kept)


def _write_profile_entities(backend: Backend, table: str, clustered: _Clustered) -> None:
    nodes = sorted(clustered.entity_of_profile)
    data = pa.table(
        {
            "unique_id": pa.array(nodes, pa.int64()),
            "entity_id": pa.array([clustered.entity_of_profile[n] for n in nodes], pa.string()),
        }
    )
    backend.register_arrow("_resolution_entities", data)
    try:
        backend.execute(
            f"CREATE OR REPLACE TABLE {S}.{table} AS SELECT * FROM _resolution_entities"
        )
    finally:
        backend.unregister("_resolution_entities")


def _write_links(backend: Backend, table: str, links: pa.Table) -> None:
    backend.register_arrow("_resolution_links", links)
    try:
        backend.execute(f"CREATE OR REPLACE TABLE {S}.{table} AS SELECT * FROM _resolution_links")
    finally:
        backend.unregister("_resolution_links")


# ------------------------------------------------------------------------------ persons


def _person_anchor(person_id: str | None, is_dnr: bool | None, fid: str | None,
                   country: str | None, first_mention: str) -> str:  # fmt: skip
    if person_id:
        return ("1:" if is_dnr else "0:") + person_id
    if fid and country:
        return f"2:{country}:{fid}"
    return "3:" + first_mention


def resolve_persons(
    backend: Backend, tables: TableColumns, settings: ResolutionSettings
) -> tuple[KindReport, bool]:
    report = KindReport("person")
    backend.execute(
        f"CREATE OR REPLACE TABLE {S}.person_mentions AS "
        + person_mention_keys_sql(person_mentions_sql(REGISTER_FILES, tables))
    )
    backend.execute(
        f"CREATE OR REPLACE TABLE {S}.person_profiles AS "
        + person_profiles_sql(f"{S}.person_mentions")
    )
    report.mentions = int(str(backend.scalar(f"SELECT count(*) FROM {S}.person_mentions")))
    profiles = backend.arrow(
        f"SELECT unique_id, person_id, pid_is_dnr, fid_norm, fid_country, fid_type, name_key, "
        f"first_key, last_key, birth_date, bd_swap, tok_first, tok_last, employers, "
        f"first_mention FROM {S}.person_profiles ORDER BY unique_id"
    )
    report.profiles = profiles.num_rows
    trained = False
    model_pairs: pa.Table | None = None
    if profiles.num_rows > 1:
        run = score_pairs(
            profiles.drop_columns(["first_mention"]),
            train=settings.train,
            threshold=settings.review_floor,
            temp_directory=settings.temp_directory,
            memory_limit=settings.memory_limit,
        )
        trained, model_pairs = run.trained, run.pairs
    det = backend.arrow(
        f"SELECT * FROM ({identifier_edges_sql(f'{S}.person_profiles')}) WHERE left_id <> right_id"
    )
    decisions = _decision_pairs(backend, "person")
    cols = profiles.to_pydict()
    exclusives: list[Exclusive] = [
        {"national ID": pid} if pid and not dnr else {}
        for pid, dnr in zip(cols["person_id"], cols["pid_is_dnr"], strict=True)
    ]
    anchors = [
        _person_anchor(*a)
        for a in zip(cols["person_id"], cols["pid_is_dnr"], cols["fid_norm"],
                     cols["fid_country"], cols["first_mention"], strict=True)
    ]  # fmt: skip
    log = _person_links(det, model_pairs, settings)
    apart = log.add_decisions(decisions.to_pydict())
    clustered = _cluster_and_name(
        backend, "person", anchors, exclusives, log.edges, apart, _mention_profile_sql("person")
    )
    _write_profile_entities(backend, "person_profile_entities", clustered)
    _finish_links(backend, "person_links", log.rows, clustered, report, settings)
    report.entities = len(set(clustered.entity_of_profile.values()))
    report.refused, report.ids_kept = clustered.refused, clustered.ids_kept
    return report, trained


class _LinkLog:
    """Every link considered, with the clustering edge it became (if any)."""

    COLUMNS = ("left_id", "right_id", "rule", "match_probability", "match_weight",
               "explanation", "edge_no")  # fmt: skip

    def __init__(self) -> None:
        self.edges: list[Edge] = []
        self.rows: dict[str, list[object]] = {k: [] for k in self.COLUMNS}

    def add(self, left: int, right: int, rule: str, probability: float, weight: float | None,
            explanation: str, edge: Edge | None) -> None:  # fmt: skip
        edge_no = None
        if edge is not None:
            self.edges.append(edge)
            edge_no = len(self.edges) - 1
        values = (left, right, rule, probability, weight, explanation, edge_no)
        for column, value in zip(self.COLUMNS, values, strict=True):
            self.rows[column].append(value)

    def add_rule_links(self, links: dict[str, list[Any]], strength: Callable[[str], float]) -> None:
        for left, right, rule in zip(links["left_id"], links["right_id"], links["rule"],
                                     strict=True):  # fmt: skip
            self.add(left, right, rule, 1.0, None, rule, Edge(left, right, strength(rule)))

    def add_decisions(self, decisions: dict[str, list[Any]]) -> list[tuple[int, int]]:
        """Confirmations become forced edges; the rejected pairs are returned."""
        apart = []
        for left, right, verdict in zip(decisions["left_id"], decisions["right_id"],
                                        decisions["verdict"], strict=True):  # fmt: skip
            if verdict == "reject":
                apart.append((int(left), int(right)))
            else:
                edge = Edge(left, right, math.inf, forced=True)
                self.add(left, right, "analyst confirmed", 1.0, None, "confirmed by an analyst",
                         edge)  # fmt: skip
        return apart


def _person_links(det: pa.Table, model: pa.Table | None, settings: ResolutionSettings) -> _LinkLog:
    log = _LinkLog()
    log.add_rule_links(det.to_pydict(), lambda _: math.inf)
    if model is not None:
        m = model.to_pydict()
        scored = zip(m["unique_id_l"], m["unique_id_r"], m["match_weight"],
                     m["match_probability"], m["explanation"], strict=True)  # fmt: skip
        for left, right, weight, p, why in scored:
            edge = Edge(left, right, weight) if p >= settings.link_threshold else None
            log.add(left, right, "model", p, weight, why, edge)
    return log


def _finish_links(
    backend: Backend,
    table: str,
    rows: dict[str, list[object]],
    clustered: _Clustered,
    report: KindReport,
    settings: ResolutionSettings,
) -> None:
    """Write the links with their status and count them by rule for the report."""
    status: list[str] = []
    for edge_no, p in zip(rows["edge_no"], rows["match_probability"], strict=True):
        if edge_no is None:
            status.append("to review" if float(str(p)) >= settings.review_floor else "not linked")
        else:
            status.append("linked" if clustered.accepted[int(str(edge_no))] else "refused")
    links = pa.table(
        {
            "left_id": pa.array(rows["left_id"], pa.int64()),
            "right_id": pa.array(rows["right_id"], pa.int64()),
            "rule": pa.array(rows["rule"], pa.string()),
            "match_probability": pa.array(rows["match_probability"], pa.float64()),
            "match_weight": pa.array(rows["match_weight"], pa.float64()),
            "explanation": pa.array(rows["explanation"], pa.string()),
            "status": pa.array(status, pa.string()),
        }
    )
    _write_links(backend, table, links)
    linked = (str(r) for r, s in zip(rows["rule"], status, strict=True) if s == "linked")
    report.links_by_rule = dict(Counter(linked))
    report.to_review = status.count("to review") + status.count("refused")


# ------------------------------------------------------------------------------ companies


def resolve_companies(backend: Backend, tables: TableColumns) -> KindReport:
    report = KindReport("company")
    backend.execute(
        f"CREATE OR REPLACE TABLE {S}.company_mentions AS "
        + company_mention_keys_sql(company_mentions_sql(REGISTER_FILES, tables))
    )
    backend.execute(
        f"CREATE OR REPLACE TABLE {S}.company_profiles AS "
        + company_profiles_sql(f"{S}.company_mentions")
    )
    report.mentions = int(str(backend.scalar(f"SELECT count(*) FROM {S}.company_mentions")))
    profiles = backend.arrow(
        f"SELECT unique_id, orgnr, fid_norm, fid_country, name_key, first_mention "
        f"FROM {S}.company_profiles ORDER BY unique_id"
    ).to_pydict()
    report.profiles = len(profiles["unique_id"])
    det = backend.arrow(
        f"SELECT * FROM ({company_edges_sql(f'{S}.company_profiles')}) WHERE left_id <> right_id"
    ).to_pydict()
    decisions = _decision_pairs(backend, "company")
    log = _LinkLog()
    log.add_rule_links(det, RULE_STRENGTH.__getitem__)
    apart = log.add_decisions(decisions.to_pydict())
    exclusives: list[Exclusive] = [{"orgnr": o} if o else {} for o in profiles["orgnr"]]
    anchors = [
        f"0:{o}" if o else f"1:{c}:{f}" if f and c else f"2:{f}" if f else f"3:{n or m}"
        for o, f, c, n, m in zip(profiles["orgnr"], profiles["fid_norm"], profiles["fid_country"],
                                 profiles["name_key"], profiles["first_mention"], strict=True)
    ]  # fmt: skip
    clustered = _cluster_and_name(
        backend, "company", anchors, exclusives, log.edges, apart, _mention_profile_sql("company")
    )
    _write_profile_entities(backend, "company_profile_entities", clustered)
    _finish_links(backend, "company_links", log.rows, clustered, report, ResolutionSettings())
    report.entities = len(set(clustered.entity_of_profile.values()))
    report.refused, report.ids_kept = clustered.refused, clustered.ids_kept
    _write_relations(backend, tables)
    return report


def _write_relations(backend: Backend, tables: TableColumns) -> None:
    parents = subunit_parents_sql(tables)
    entity_of_orgnr = (
        f"SELECT DISTINCT p.orgnr, e.entity_id FROM {S}.company_profiles p "
        f"JOIN {S}.company_profile_entities e USING (unique_id) WHERE p.orgnr IS NOT NULL"
    )
    body = (
        f"WITH eo AS ({entity_of_orgnr}) SELECT c.entity_id, p.entity_id AS related_entity_id, "
        f"'sub-unit of' AS relation FROM ({parents}) s JOIN eo c ON c.orgnr = s.orgnr "
        "JOIN eo p ON p.orgnr = s.parent WHERE c.entity_id <> p.entity_id"
        if parents
        else "SELECT '' AS entity_id, '' AS related_entity_id, '' AS relation WHERE false"
    )
    backend.execute(f"CREATE OR REPLACE TABLE {S}.company_relations AS {body}")


# ------------------------------------------------------------------------------ the stage


def _write_identities(backend: Backend) -> None:
    backend.execute(
        f"""CREATE OR REPLACE TABLE {S}.identities AS
SELECT m.source_file, m.record_id, m.role, 'person' AS entity_kind, e.entity_id
FROM {S}.person_mentions m JOIN {S}.person_profiles p USING (profile_key)
JOIN {S}.person_profile_entities e ON e.unique_id = p.unique_id
UNION ALL
SELECT m.source_file, m.record_id, m.role, 'company', e.entity_id
FROM {S}.company_mentions m JOIN {S}.company_profiles p ON {_SAME_COMPANY_PROFILE}
JOIN {S}.company_profile_entities e ON e.unique_id = p.unique_id"""
    )
    backend.execute(
        f"""CREATE OR REPLACE TABLE {S}.entities AS
SELECT entity_id, entity_kind, count(*) AS mentions, count(DISTINCT source_file) AS registers
FROM {S}.identities GROUP BY entity_id, entity_kind"""
    )


def _review_sample(backend: Backend, kind: str, limit: int = 10) -> list[ReviewLink]:
    table = f"{S}.{kind}_links"
    profiles = f"{S}.{kind}_profiles"
    rows = backend.rows(
        f"SELECT l.first_mention, r.first_mention, k.match_probability, k.explanation "
        f"FROM {table} k JOIN {profiles} l ON l.unique_id = k.left_id "
        f"JOIN {profiles} r ON r.unique_id = k.right_id WHERE k.status IN ('to review', 'refused') "
        f"ORDER BY abs(k.match_probability - 0.5), l.first_mention LIMIT {limit}"
    )
    return [ReviewLink(str(a), str(b), float(str(p)), str(e)) for a, b, p, e in rows]


def resolve(backend: Backend, settings: ResolutionSettings | None = None) -> ResolutionReport:
    """Resolve every person and company mentioned in the current facts."""
    settings = settings or ResolutionSettings()
    started = time.monotonic()
    for statement in (f"CREATE SCHEMA IF NOT EXISTS {S}", *decisions_table_sql().split(";")):
        backend.execute(statement)
    tables = current_tables(backend)
    persons, trained = resolve_persons(backend, tables, settings)
    companies = resolve_companies(backend, tables)
    _write_identities(backend)
    persons.review_sample = _review_sample(backend, "person")
    companies.review_sample = _review_sample(backend, "company")
    return ResolutionReport(persons, companies, trained, time.monotonic() - started)
