"""The resolution stage over the store: mentions -> profiles -> links -> clusters -> entities,
written to schema ``resolution`` with a report of what was linked and what needs review.

Tables written: ``person_mentions``, ``person_profiles``, ``person_links``,
``company_mentions``, ``company_profiles``, ``company_links``, ``entities``,
``company_relations``, ``identities`` (one row per mention: its entity), ``link_decisions``
(analysts' verdicts; only read here).
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from array import array
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from akrim.domain.registers import REGISTER_FILES
from akrim.engines.backend import Backend, BackendError
from akrim.engines.resolution.clustering import ClusterResult, cluster
from akrim.engines.resolution.company_rules import (
    RULE_STRENGTH,
    company_edges_sql,
    company_profiles_sql,
)
from akrim.engines.resolution.decisions import decisions_table_sql, latest_decisions_sql
from akrim.engines.resolution.entity_ids import derived_id, inherit_ids
from akrim.engines.resolution.memory import scoring_split
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
    temp_directory: str | None = None  # spill and hand-over files (a fresh one when None)
    memory_limit: str | None = None  # the run's budget for every database it opens


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


def _decisions_sql(kind: str) -> str:
    """Latest verdicts with the profiles of both mentions (pairs whose mentions are gone drop)."""
    return (
        f"WITH d AS ({latest_decisions_sql(kind)}), "
        f"mp AS (SELECT * FROM ({_mention_profile_sql(kind)}) WHERE mention IN "
        "(SELECT left_mention FROM d UNION SELECT right_mention FROM d)) "
        "SELECT d.verdict, l.unique_id AS left_id, r.unique_id AS right_id FROM d "
        "JOIN mp l ON l.mention = d.left_mention JOIN mp r ON r.mention = d.right_mention"
    )


# ------------------------------------------------------------------------------ links


def _candidates_sql(kind: str) -> str:
    return f"{S}._{kind}_candidates"


def rule_links_sql(edges_sql: str, strength_sql: str) -> str:
    """Identifier/rule links (probability 1, explained by their rule) as candidate links."""
    return (
        "SELECT left_id, right_id, rule, 1.0 AS match_probability, "
        "CAST(NULL AS DOUBLE) AS match_weight, rule AS explanation, "
        f"CAST({strength_sql} AS DOUBLE) AS strength, false AS forced "
        f"FROM ({edges_sql}) WHERE left_id <> right_id"
    )


def confirmed_links_sql(kind: str) -> str:
    """Analysts' confirmations: forced links that join even against the model."""
    return (
        "SELECT left_id, right_id, 'analyst confirmed', 1.0, CAST(NULL AS DOUBLE), "
        "'confirmed by an analyst', CAST('inf' AS DOUBLE), true "
        f"FROM ({_decisions_sql(kind)}) WHERE verdict = 'confirm'"
    )


def _has_decisions(backend: Backend, kind: str) -> bool:
    """Whether analysts decided on any link of this kind (most stores: none, and then the
    scan that finds the decided mentions among millions is skipped)."""
    sql = f"SELECT count(*) FROM {S}.link_decisions WHERE entity_kind = ?"
    return bool(backend.scalar(sql, [kind]))


def _write_candidates(backend: Backend, kind: str, parts: list[str]) -> None:
    """Every link considered, numbered; ``strength`` is NULL for a link that is no clustering
    edge (a model pair under the threshold)."""
    union = " UNION ALL ".join(f"({p})" for p in parts)
    backend.execute(
        f"CREATE OR REPLACE TABLE {_candidates_sql(kind)} AS "
        f"SELECT row_number() OVER () - 1 AS link_no, * FROM ({union})"
    )


def _int_array(column: pa.ChunkedArray) -> array[int]:
    values = array("q")
    values.frombytes(column.to_numpy().astype(np.int64).tobytes())
    return values


def _cluster(
    backend: Backend, kind: str, exclusive_sql: str, apart: list[tuple[int, int]]
) -> ClusterResult:
    """Cluster the profiles along the candidate links, strongest first (ties in a fixed
    order, so every run is the same), and record per link whether it joined."""
    exclusive = _int_array(
        backend.arrow(f"SELECT code FROM ({exclusive_sql}) ORDER BY unique_id").column(0)
    )
    edges = backend.arrow(
        f"SELECT link_no, left_id, right_id, forced FROM {_candidates_sql(kind)} "
        "WHERE strength IS NOT NULL ORDER BY forced DESC, strength DESC, left_id, right_id, "
        "rule, link_no"
    )
    link_no = edges.column("link_no")
    left, right = _int_array(edges.column("left_id")), _int_array(edges.column("right_id"))
    forced = edges.column("forced").to_numpy().astype(np.uint8).tobytes()
    del edges
    result = cluster(exclusive, left, right, forced, apart)
    del exclusive, left, right, forced
    accepted = pa.table(
        {
            "link_no": link_no,
            "accepted": pa.array(np.frombuffer(result.accepted, np.uint8).astype(bool)),
        }
    )
    backend.register_arrow("_resolution_accepted", accepted)
    try:
        backend.execute(
            "CREATE OR REPLACE TEMP TABLE _resolution_link_accepted AS "
            "SELECT * FROM _resolution_accepted"
        )
    finally:
        backend.unregister("_resolution_accepted")
    return result


def _write_links(backend: Backend, kind: str, review_floor: float, report: KindReport) -> None:
    """The links with their status, counted by rule for the report."""
    backend.execute(
        f"""CREATE OR REPLACE TABLE {S}.{kind}_links AS
SELECT c.left_id, c.right_id, c.rule, c.match_probability, c.match_weight, c.explanation,
  CASE WHEN c.strength IS NULL THEN
         CASE WHEN c.match_probability >= {review_floor!r} THEN 'to review' ELSE 'not linked' END
       WHEN a.accepted THEN 'linked' ELSE 'refused' END AS status
FROM {_candidates_sql(kind)} c LEFT JOIN _resolution_link_accepted a USING (link_no)"""
    )
    for statement in (
        "DROP TABLE IF EXISTS _resolution_link_accepted",
        f"DROP TABLE IF EXISTS {_candidates_sql(kind)}",
    ):
        backend.execute(statement)
    rows = backend.rows(
        f"SELECT rule, count(*) FROM {S}.{kind}_links WHERE status = 'linked' GROUP BY rule"
    )
    report.links_by_rule = {str(rule): int(str(n)) for rule, n in rows}
    report.to_review = int(
        str(
            backend.scalar(
                f"SELECT count(*) FROM {S}.{kind}_links WHERE status IN ('to review', 'refused')"
            )
        )
    )


# ------------------------------------------------------------------------------ entity ids


def _contested_sql() -> str:
    """Overlaps where a cluster meets several previous entities or an entity several
    clusters: only these need the greedy choice; every other cluster keeps its one id."""
    return (
        "SELECT o.cluster_no, o.entity_id, o.n, a.anchor FROM _resolution_overlap o "
        "JOIN _resolution_anchor a USING (cluster_no) "
        "WHERE o.cluster_no IN (SELECT cluster_no FROM _resolution_overlap GROUP BY cluster_no "
        "HAVING count(*) > 1) OR o.entity_id IN (SELECT entity_id FROM _resolution_overlap "
        "GROUP BY entity_id HAVING count(*) > 1)"
    )


def _inherit_ids(backend: Backend, kind: str) -> None:
    """``_resolution_ids``: the clusters that keep a previous run's entity id."""
    if _table_exists(backend, "identities"):
        backend.execute(
            f"CREATE OR REPLACE TEMP TABLE _resolution_overlap AS "
            f"SELECT pc.cluster_no, i.entity_id, count(*) AS n "
            f"FROM ({_mention_profile_sql(kind)}) mp "
            f"JOIN _resolution_profile_cluster pc USING (unique_id) "
            f"JOIN {S}.identities i ON i.entity_kind = '{kind}' AND i.source_file = mp.source_file "
            "AND i.record_id = mp.record_id AND i.role = mp.role GROUP BY ALL"
        )
    else:
        backend.execute(
            "CREATE OR REPLACE TEMP TABLE _resolution_overlap "
            "(cluster_no BIGINT, entity_id VARCHAR, n BIGINT)"
        )
    contested = backend.rows(_contested_sql())
    anchors = {int(str(c)): str(a) for c, _, _, a in contested}
    chosen = inherit_ids(anchors, [(int(str(c)), str(e), int(str(n))) for c, e, n, _ in contested])
    backend.execute(
        "CREATE OR REPLACE TEMP TABLE _resolution_ids AS SELECT cluster_no, entity_id "
        f"FROM _resolution_overlap EXCEPT SELECT cluster_no, entity_id FROM ({_contested_sql()})"
    )
    for cluster_no, entity_id in sorted(chosen.items()):
        backend.execute("INSERT INTO _resolution_ids VALUES (?, ?)", [cluster_no, entity_id])


def _new_ids(backend: Backend, prefix: str) -> None:
    """Ids derived from the anchor for the clusters that inherit none (as ``derived_id``)."""
    backend.execute(
        f"""CREATE OR REPLACE TEMP TABLE _resolution_new AS
SELECT cluster_no, anchor, candidate,
  row_number() OVER (PARTITION BY candidate ORDER BY anchor, cluster_no) > 1
    OR candidate IN (SELECT entity_id FROM _resolution_ids) AS collides
FROM (SELECT a.cluster_no, a.anchor, '{prefix}-' || left(sha1(a.anchor), 12) AS candidate
      FROM _resolution_anchor a ANTI JOIN _resolution_ids i USING (cluster_no))"""
    )
    backend.execute(
        "INSERT INTO _resolution_ids SELECT cluster_no, candidate FROM _resolution_new "
        "WHERE NOT collides"
    )
    colliding = backend.rows(
        "SELECT cluster_no, candidate FROM _resolution_new WHERE collides "
        "ORDER BY anchor, cluster_no"
    )
    for cluster_no, candidate in colliding:  # a split part whose anchor id another holds
        new = derived_id(prefix, str(candidate))
        while backend.scalar("SELECT count(*) FROM _resolution_ids WHERE entity_id = ?", [new]):
            new = derived_id(prefix, new)
        backend.execute("INSERT INTO _resolution_ids VALUES (?, ?)", [cluster_no, new])


def _name_clusters(
    backend: Backend, kind: str, anchor_sql: str, cluster_of: array[int]
) -> tuple[int, int]:
    """Give each cluster a stable entity id and write ``<kind>_profile_entities``; returns
    (entities, ids kept from the previous run)."""
    mapping = pa.table(
        {
            "unique_id": pa.array(np.arange(len(cluster_of), dtype=np.int64)),
            "cluster_no": pa.array(np.frombuffer(cluster_of, dtype=np.int64)),
        }
    )
    backend.register_arrow("_resolution_mapping", mapping)
    try:
        backend.execute(
            "CREATE OR REPLACE TEMP TABLE _resolution_profile_cluster AS "
            "SELECT * FROM _resolution_mapping"
        )
    finally:
        backend.unregister("_resolution_mapping")
    del mapping
    backend.execute(
        "CREATE OR REPLACE TEMP TABLE _resolution_anchor AS "
        f"SELECT pc.cluster_no, min(a.anchor) AS anchor FROM ({anchor_sql}) a "
        "JOIN _resolution_profile_cluster pc USING (unique_id) GROUP BY pc.cluster_no"
    )
    _inherit_ids(backend, kind)
    _new_ids(backend, "P" if kind == "person" else "C")
    backend.execute(
        f"CREATE OR REPLACE TABLE {S}.{kind}_profile_entities AS "
        "SELECT pc.unique_id, i.entity_id FROM _resolution_profile_cluster pc "
        "JOIN _resolution_ids i USING (cluster_no) ORDER BY pc.unique_id"
    )
    entities = int(str(backend.scalar("SELECT count(*) FROM _resolution_ids")))
    kept = int(
        str(
            backend.scalar(
                "SELECT count(*) FROM _resolution_ids WHERE entity_id IN "
                "(SELECT entity_id FROM _resolution_overlap)"
            )
        )
    )
    for table in ("profile_cluster", "anchor", "overlap", "ids", "new"):
        backend.execute(f"DROP TABLE IF EXISTS _resolution_{table}")
    return entities, kept


def _resolve_kind(
    backend: Backend,
    kind: str,
    parts: list[str],
    exclusive_sql: str,
    anchor_sql: str,
    report: KindReport,
    review_floor: float,
) -> None:
    """Links -> clusters -> entity ids, for one kind whose profiles are written."""
    decided = _has_decisions(backend, kind)
    _write_candidates(backend, kind, [*parts, confirmed_links_sql(kind)] if decided else parts)
    apart = [
        (int(str(left)), int(str(right)))
        for verdict, left, right in (backend.rows(_decisions_sql(kind)) if decided else [])
        if verdict == "reject"
    ]
    result = _cluster(backend, kind, exclusive_sql, apart)
    report.refused = result.refused
    _write_links(backend, kind, review_floor, report)
    report.entities, report.ids_kept = _name_clusters(backend, kind, anchor_sql, result.cluster_of)


# ------------------------------------------------------------------------------ persons


PERSON_ANCHOR_SQL = f"""SELECT unique_id, CASE
  WHEN nullif(person_id, '') IS NOT NULL THEN (CASE WHEN pid_is_dnr THEN '1:' ELSE '0:' END)
    || person_id
  WHEN nullif(fid_norm, '') IS NOT NULL AND nullif(fid_country, '') IS NOT NULL
    THEN '2:' || fid_country || ':' || fid_norm
  ELSE '3:' || first_mention END AS anchor
FROM {S}.person_profiles"""

# A national ID number (not a D-number) is exclusive: a cluster holds at most one.
PERSON_EXCLUSIVE_SQL = f"""SELECT unique_id, CASE WHEN national THEN
  dense_rank() OVER (ORDER BY CASE WHEN national THEN person_id END) ELSE 0 END AS code
FROM (SELECT unique_id, person_id,
        coalesce(nullif(person_id, '') IS NOT NULL AND NOT pid_is_dnr, false) AS national
      FROM {S}.person_profiles)"""

PROFILE_COLUMNS = (
    "unique_id, person_id, pid_is_dnr, fid_norm, fid_country, fid_type, name_key, first_key, "
    "last_key, birth_date, bd_swap, tok_first, tok_last, employers"
)


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _score_persons(backend: Backend, settings: ResolutionSettings, workdir: Path) -> bool:
    """Splink's pairs from the review floor up into ``_person_model_pairs``; True when the
    model was trained on this data. While Splink runs, the store's connection is held to a
    small share of the run's memory budget and Splink gets the rest."""
    profiles, pairs = workdir / "person_profiles.parquet", workdir / "person_pairs.parquet"
    backend.execute(
        f"COPY (SELECT {PROFILE_COLUMNS} FROM {S}.person_profiles) "
        f"TO '{_quoted(profiles)}' (FORMAT PARQUET)"
    )
    store_share = splink_share = None
    if settings.memory_limit:
        store_share, splink_share = scoring_split(settings.memory_limit)
        _set_memory_limit(backend, store_share)
    try:
        run = score_pairs(
            profiles,
            pairs,
            train=settings.train,
            threshold=settings.review_floor,
            memory_limit=splink_share,
        )
    finally:
        if settings.memory_limit:
            _set_memory_limit(backend, settings.memory_limit)
    backend.execute(
        f"CREATE OR REPLACE TABLE {S}._person_model_pairs AS "
        f"SELECT * FROM read_parquet('{_quoted(pairs)}')"
    )
    profiles.unlink()
    pairs.unlink()
    return run.trained


def _set_memory_limit(backend: Backend, limit: str) -> None:
    with contextlib.suppress(BackendError):  # it cannot evict enough yet: keep the old limit
        backend.execute(f"SET memory_limit = '{limit}'")


def resolve_persons(
    backend: Backend, tables: TableColumns, settings: ResolutionSettings, workdir: Path
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
    report.profiles = int(str(backend.scalar(f"SELECT count(*) FROM {S}.person_profiles")))
    trained = False
    parts = [
        rule_links_sql(identifier_edges_sql(f"{S}.person_profiles"), "'inf'"),
    ]
    if report.profiles > 1:
        trained = _score_persons(backend, settings, workdir)
        parts.append(
            "SELECT unique_id_l, unique_id_r, 'model', match_probability, match_weight, "
            "explanation, CASE WHEN match_probability >= "
            f"{settings.link_threshold!r} THEN match_weight END, false "
            f"FROM {S}._person_model_pairs"
        )
    _resolve_kind(
        backend, "person", parts, PERSON_EXCLUSIVE_SQL, PERSON_ANCHOR_SQL, report,
        settings.review_floor,
    )  # fmt: skip
    backend.execute(f"DROP TABLE IF EXISTS {S}._person_model_pairs")
    return report, trained


# ------------------------------------------------------------------------------ companies


COMPANY_ANCHOR_SQL = f"""SELECT unique_id, CASE
  WHEN nullif(orgnr, '') IS NOT NULL THEN '0:' || orgnr
  WHEN nullif(fid_norm, '') IS NOT NULL AND nullif(fid_country, '') IS NOT NULL
    THEN '1:' || fid_country || ':' || fid_norm
  WHEN nullif(fid_norm, '') IS NOT NULL THEN '2:' || fid_norm
  ELSE '3:' || coalesce(nullif(name_key, ''), first_mention) END AS anchor
FROM {S}.company_profiles"""

# An org number is exclusive: a cluster holds at most one.
COMPANY_EXCLUSIVE_SQL = f"""SELECT unique_id, CASE WHEN nullif(orgnr, '') IS NOT NULL THEN
  dense_rank() OVER (ORDER BY nullif(orgnr, '')) ELSE 0 END AS code
FROM {S}.company_profiles"""


def _rule_strength_sql() -> str:
    cases = " ".join(
        f"WHEN '{rule.replace(chr(39), chr(39) * 2)}' THEN {strength!r}"
        for rule, strength in RULE_STRENGTH.items()
    )
    return f"CASE rule {cases} END"


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
    report.profiles = int(str(backend.scalar(f"SELECT count(*) FROM {S}.company_profiles")))
    parts = [rule_links_sql(company_edges_sql(f"{S}.company_profiles"), _rule_strength_sql())]
    _resolve_kind(
        backend, "company", parts, COMPANY_EXCLUSIVE_SQL, COMPANY_ANCHOR_SQL, report,
        ResolutionSettings().review_floor,
    )  # fmt: skip
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
    parent = Path(settings.temp_directory) if settings.temp_directory else None
    if parent is not None:
        parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="resolution-", dir=parent))
    # Rows may come back in any order unless a query sorts them: big CREATE TABLE AS then
    # need not hold rows back to keep their order, which bounds their memory.
    backend.execute("SET preserve_insertion_order = false")
    try:
        persons, trained = resolve_persons(backend, tables, settings, workdir)
        companies = resolve_companies(backend, tables)
        _write_identities(backend)
    finally:
        backend.execute("RESET preserve_insertion_order")
        shutil.rmtree(workdir, ignore_errors=True)
    persons.review_sample = _review_sample(backend, "person")
    companies.review_sample = _review_sample(backend, "company")
    return ResolutionReport(persons, companies, trained, time.monotonic() - started)
