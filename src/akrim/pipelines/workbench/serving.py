"""The last ``akrim analyse`` stage: serving tables in schema ``workbench`` that make the web
pages' lookups cheap (rows sorted by the key a page looks up, so DuckDB's zone maps skip
almost everything).

- ``entity_records``: every record that mentions a resolved entity, by entity id;
- ``company_keys``: the resolved company entity of each org number;
- ``adjacency``: the network's edges in both directions, one row per (node, neighbour,
  kind, source file) with the number of records and up to 20 record ids, persons keyed by
  their resolved entity (vehicle and account owners too);
- ``search_keys``: identifiers and folded names of every mention, for search;
- ``labels``: a display name per entity from the open central register only;
- ``entity_links``: resolution's links with the entities at both ends, by entity;
- ``evidence_rows``: the records behind each company's indicators, by company;
- ``company_events``: dated events per company (registrations, bankruptcies, hires, leavings,
  contracts, inspections, tips, police reports, roadside checks), by org number.

Rows carry their position in the facts table (``row_id``) so that pages fetch them without
scanning the large tables.

The largest tables are written in key ranges, one range per statement, in key order: each
statement sorts and groups only its range, so the stage stays inside the run's memory budget
at national size (DuckDB cannot move aggregate states such as sample lists to disk), and the
table comes out sorted without one sort of all its rows.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from akrim.domain.registers import BY_PATH, REGISTER_FILES
from akrim.engines.backend import Backend
from akrim.engines.resolution.memory import default_budget, size_bytes

SAMPLE_RECORDS = 20
# Bytes of the memory budget one ranged statement may count per row, measured on the medium
# delivery under a tenth of the default budget (national data is about ten times medium):
# sorting entity records or the adjacency, and grouping edges into pairs with their record
# samples (DuckDB keeps the samples of every group in memory; a pair took about 1 KB).
BYTES_PER_RECORD = 150  # entity records: narrow rows, one join and one sort
BYTES_PER_EDGE = 1_000
BYTES_PER_PAIR = 2_000
BOUNDS_SAMPLE = 200_000  # rows sampled to place the range bounds
RECORD_KEY = "hash({file}, {record})"


def record_rows_sql(tables: Sequence[tuple[str, str]]) -> str:
    """Where each current record sits in its facts table (DuckDB's rowid), so that a page
    fetches its rows by position instead of scanning the table for record ids. Positions can
    move when a later load or purge rewrites a table; readers check each row they fetch
    (``facts.records_by_id``) and fall back to the record id.

    Records are keyed by a 64-bit hash of file and record id: joining tens of millions of
    mentions and edges on one integer keeps the join's table in memory, where the strings
    would not fit. Two records whose keys collide (about one chance in ten thousand at
    national size) share one position; the reader's check then sends one of them to the
    fallback."""
    parts = [
        f"SELECT {RECORD_KEY.format(file=repr(path) + '::VARCHAR', record='record_id')} "
        f'AS record_key, rowid AS row_id FROM facts."{table}" WHERE _valid_to IS NULL'
        for path, table in tables
    ]
    body = " UNION ALL ".join(parts) or "SELECT 0::UBIGINT AS record_key, 0::BIGINT AS row_id"
    return (
        "CREATE OR REPLACE TABLE workbench.stage_record_rows AS "
        f"SELECT record_key, min(row_id) AS row_id FROM ({body}) GROUP BY record_key"
    )


def record_join(alias: str) -> str:
    """The join of ``alias``'s (source_file, record_id) to its record's position."""
    key = RECORD_KEY.format(file=f"{alias}.source_file", record=f"{alias}.record_id")
    return f"LEFT JOIN workbench.stage_record_rows r ON r.record_key = {key}"


def entity_records_sql(key_range: str) -> str:
    """One key range of ``entity_records``: every record that mentions an entity of the
    range, with its position, sorted by entity."""
    return f"""
SELECT i.entity_id, i.entity_kind, i.source_file, i.record_id, i.role, r.row_id
FROM resolution.identities i {record_join("i")}
WHERE {key_range}
ORDER BY i.entity_id"""


def evidence_rows_sql() -> str:
    return f"""
CREATE OR REPLACE TABLE workbench.evidence_rows AS
SELECT DISTINCT e.company_id, e.indicator, e.source_file, e.record_id, r.row_id
FROM risk.evidence e {record_join("e")}
ORDER BY e.company_id, e.indicator, e.source_file, e.record_id"""


def entity_links_sql() -> str:
    """Each resolution link under the entities of both its ends (once when both ends are one
    entity), by entity: an entity page reads its links with one lookup instead of scanning
    the link tables."""
    parts = [
        f"""
SELECT unnest(CASE WHEN le.entity_id = re.entity_id THEN [le.entity_id]
                   ELSE [le.entity_id, re.entity_id] END) AS entity_id,
  '{kind}' AS entity_kind, lp.first_mention AS left_mention,
  rp.first_mention AS right_mention, l.rule, l.match_probability, l.match_weight,
  l.explanation, l.status
FROM resolution.{kind}_links l
JOIN resolution.{kind}_profiles lp ON lp.unique_id = l.left_id
JOIN resolution.{kind}_profiles rp ON rp.unique_id = l.right_id
JOIN resolution.{kind}_profile_entities le ON le.unique_id = l.left_id
JOIN resolution.{kind}_profile_entities re ON re.unique_id = l.right_id"""
        for kind in ("person", "company")
    ]
    return (
        "CREATE OR REPLACE TABLE workbench.entity_links AS SELECT * FROM ("
        + " UNION ALL ".join(parts)
        + ") ORDER BY entity_id, match_probability, rule, left_mention, right_mention"
    )


def mention_keys_sql(kind: str) -> str:
    """Each entity's distinct identifiers and name keys with how many mentions carry them.
    They come from resolution's profiles: a profile is a set of mentions that agree on every
    key column, so its keys are its mentions' keys and it counts them; reading the profiles
    avoids joining the largest tables of the run (every mention with its entity)."""
    columns = ", ".join(f"p.{c}" for c in sorted({c for k, _, c in SEARCH_KEYS if k == kind}))
    return f"""
CREATE OR REPLACE TABLE workbench.stage_{kind}_keys AS
SELECT e.entity_id, {columns}, sum(p.mentions) AS mentions
FROM resolution.{kind}_profiles p
JOIN resolution.{kind}_profile_entities e USING (unique_id)
GROUP BY ALL"""


def company_keys_sql() -> str:
    return """
CREATE OR REPLACE TABLE workbench.company_keys AS
SELECT orgnr, entity_id FROM (
  SELECT orgnr, entity_id, row_number() OVER (
    PARTITION BY orgnr ORDER BY sum(mentions) DESC, entity_id) AS pick
  FROM workbench.stage_company_keys WHERE orgnr IS NOT NULL
  GROUP BY orgnr, entity_id
) WHERE pick = 1 ORDER BY orgnr"""


def resolved_edges_sql() -> str:
    """The network's edges with raw person numbers (vehicle and account owners) replaced by
    the person's resolved entity id, found through the record that names them."""

    def end(side: str) -> str:
        return (
            f"CASE WHEN e.{side}_kind = 'person' AND NOT starts_with(e.{side}, 'P-') "
            f"THEN coalesce({side[0]}i.entity_id, e.{side}) ELSE e.{side} END"
        )

    def join(side: str) -> str:
        alias = f"{side[0]}i"
        return (
            f"LEFT JOIN resolution.identities {alias} ON e.{side}_kind = 'person' "
            f"AND NOT starts_with(e.{side}, 'P-') AND {alias}.source_file = e.source_file "
            f"AND {alias}.record_id = e.record_id AND {alias}.entity_kind = 'person' "
            f"AND {alias}.role = 'owner'"
        )

    def raw(side: str) -> str:
        return f"(e.{side}_kind = 'person' AND NOT starts_with(e.{side}, 'P-'))"

    # Only the few edges with a raw person number go through the joins.
    return (
        "SELECT e.src_kind, e.src, e.dst_kind, e.dst, e.kind, e.source_file, e.record_id "
        f"FROM network.edges e WHERE e.kind <> 'contract' "
        f"AND NOT coalesce({raw('src')} OR {raw('dst')}, false) UNION ALL "
        f"SELECT e.src_kind, {end('src')} AS src, e.dst_kind, {end('dst')} AS dst, e.kind, "
        f"e.source_file, e.record_id FROM network.edges e {join('src')} {join('dst')} "
        f"WHERE e.kind <> 'contract' AND coalesce({raw('src')} OR {raw('dst')}, false) "
        f"UNION ALL {contract_edges_sql()}"
    )


def contract_edges_sql() -> str:
    """Contracts as nodes of their own: the client and the contractor each tied to the
    contract, and a subcontract tied to the contract it is under (the chain the analyst
    follows), instead of one client-contractor edge."""
    return (
        "SELECT 'company', client, 'contract', contract_id, 'client', source_file, record_id "
        "FROM network.contracts WHERE client IS NOT NULL AND contract_id IS NOT NULL "
        "UNION ALL SELECT 'company', contractor, 'contract', contract_id, 'contractor', "
        "source_file, record_id FROM network.contracts "
        "WHERE contractor IS NOT NULL AND contract_id IS NOT NULL "
        "UNION ALL SELECT 'contract', contract_id, 'contract', parent_contract_id, 'subcontract', "
        "source_file, record_id FROM network.contracts "
        "WHERE contract_id IS NOT NULL AND parent_contract_id IS NOT NULL"
    )


def edges_sql() -> str:
    """Every edge once, its ends ordered (the end that sorts first on the left), with its
    record's position: the input of the ranged grouping below, joined once."""
    return f"""
CREATE OR REPLACE TABLE workbench.stage_edges AS
WITH e AS (
  SELECT *, src_kind > dst_kind OR (src_kind = dst_kind AND src > dst) AS flip
  FROM ({resolved_edges_sql()}) WHERE src IS NOT NULL AND dst IS NOT NULL
),
o AS (SELECT
  CASE WHEN flip THEN dst_kind ELSE src_kind END AS a_kind,
  CASE WHEN flip THEN dst ELSE src END AS a,
  CASE WHEN flip THEN src_kind ELSE dst_kind END AS b_kind,
  CASE WHEN flip THEN src ELSE dst END AS b,
  kind, source_file, record_id, r.row_id
FROM e {record_join("e")})
SELECT *, hash(a_kind, a, b_kind, b, kind, source_file) AS pair_hash FROM o"""


def edge_pairs_sql(part: int, parts: int) -> str:
    """One part of the edges grouped per unordered pair of nodes, with each group's first
    records by id and their positions: half the work of grouping each direction, since both
    directions hold the same records. Parts split the pairs by hash, so each holds about as
    many groups (the memory a grouping needs) whatever the keys look like."""
    return f"""
SELECT a_kind, a, b_kind, b, kind, source_file, records,
  list_transform(first, lambda f: f.r) AS sample,
  list_transform(first, lambda f: f.w) AS sample_rows
FROM (
  SELECT a_kind, a, b_kind, b, kind, source_file, count(*) AS records,
    min({{'r': record_id, 'w': row_id}}, {SAMPLE_RECORDS}) AS first
  FROM workbench.stage_edges WHERE pair_hash % {parts} = {part}
  GROUP BY ALL
)"""


def adjacency_sql(a_range: str, b_range: str) -> str:
    """One node range of the adjacency: each pair in both directions (a node tied to itself
    once), sorted by node."""
    return f"""
SELECT a_kind AS node_kind, a AS node, b_kind AS other_kind, b AS other, kind, source_file,
  records, sample, sample_rows
FROM workbench.stage_edge_pairs WHERE {a_range}
UNION ALL
SELECT b_kind, b, a_kind, a, kind, source_file, records, sample, sample_rows
FROM workbench.stage_edge_pairs WHERE {b_range} AND NOT (a_kind = b_kind AND a = b)
ORDER BY node, kind, other"""


# ------------------------------------------------------------------------ writing in ranges

KeyRange = tuple[str | None, str | None]  # [low, high): None is open
Part = TypeVar("Part")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def range_sql(column: str, key_range: KeyRange) -> str:
    """The predicate of one key range on ``column``."""
    low, high = key_range
    parts = []
    if low is not None:
        parts.append(f"{column} >= {_literal(low)}")
    if high is not None:
        parts.append(f"{column} < {_literal(high)}")
    return " AND ".join(parts) or "true"


def key_bounds_sql(source: str, parts: int) -> str:
    """Bounds that cut ``source``'s single column ``key`` into about equal ranges, placed on a
    sample of its rows."""
    fractions = ", ".join(f"{i / parts:.6f}" for i in range(1, parts))
    return (
        f"SELECT quantile_disc(key, [{fractions}]) FROM (SELECT key FROM ({source}) "
        f"USING SAMPLE reservoir({BOUNDS_SAMPLE} ROWS) REPEATABLE (7))"
    )


def key_ranges(backend: Backend, source: str, parts: int) -> list[KeyRange]:
    """``parts`` ranges (fewer when keys repeat) covering every key of ``source``."""
    if parts <= 1:
        return [(None, None)]
    found = backend.scalar(key_bounds_sql(source, parts))
    bounds = sorted({str(b) for b in found or [] if b is not None})  # type: ignore[attr-defined]
    edges: list[str | None] = [None, *bounds, None]
    return list(itertools.pairwise(edges))


def parts_for(rows: int, budget_bytes: int, bytes_per_row: int) -> int:
    """How many ranges keep one ranged statement within the memory budget."""
    return max(1, math.ceil(rows * bytes_per_row / max(budget_bytes, 1)))


def write_in_parts(
    backend: Backend,
    table: str,
    parts: Sequence[Part],
    select: Callable[[Part], str],
) -> None:
    """Create ``table`` from one statement per part (a key range, a hash bucket), in order."""
    for i, part in enumerate(parts):
        head = f"CREATE OR REPLACE TABLE {table} AS" if i == 0 else f"INSERT INTO {table}"
        backend.execute(f"{head} {select(part)}")
        backend.checkpoint()  # the next part starts with the budget free


SEARCH_KEYS = (  # (entity kind, key kind, mention column)
    ("company", "orgnr", "orgnr"),
    ("company", "foreign_id", "fid_norm"),
    ("company", "name", "name_key"),
    ("person", "person_id", "person_id"),
    ("person", "foreign_id", "fid_norm"),
    ("person", "name", "name_key"),
)


def search_keys_sql() -> str:
    parts = [
        f"SELECT '{kind}' AS entity_kind, entity_id, '{key}' AS key_kind, {col} AS key "
        f"FROM workbench.stage_{kind}_keys WHERE {col} IS NOT NULL AND {col} <> ''"
        for kind, key, col in SEARCH_KEYS
    ]
    return (
        "CREATE OR REPLACE TABLE workbench.search_keys AS SELECT DISTINCT * FROM ("
        + " UNION ALL ".join(parts)
        + ") ORDER BY key_kind, key"
    )


def labels_sql() -> str:
    """Display names from the open registers only (a confidential register's spelling of a
    name must not leak through a label)."""
    return """
CREATE OR REPLACE TABLE workbench.labels AS
SELECT k.entity_id, 'company' AS entity_kind, k.orgnr AS key, e.name AS label
  FROM workbench.company_keys k LEFT JOIN current.brreg__enheter e ON e.orgnr = k.orgnr
UNION ALL
SELECT entity_id, 'person', entity_id, any_value(label) FROM (
  SELECT e.entity_id, concat_ws(' ', m.first_name, m.middle_name, m.last_name) AS label
  FROM resolution.person_mentions m
  JOIN resolution.person_profiles p USING (profile_key)
  JOIN resolution.person_profile_entities e USING (unique_id)
  WHERE m.source_file = 'brreg/roller.jsonl'
) GROUP BY entity_id
ORDER BY entity_id"""


# register file -> (date column, event kind, summary columns, company columns)
TIMELINE_SOURCES: dict[str, tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...]] = {
    "brreg/enheter.json": (
        ("registered_date", "registration", ("name", "org_form", "nace"), ("orgnr",)),
        ("bankruptcy_date", "bankruptcy", ("name",), ("orgnr",)),
        ("deleted_date", "deletion", ("name",), ("orgnr",)),
    ),
    "skatteetaten/a_melding.csv": (
        ("start_date", "hire", (), ("employer_orgnr",)),
        ("end_date", "leaving", (), ("employer_orgnr",)),
    ),
    "skatteetaten/oppdrag.csv": (
        ("start_date", "contract", ("contract_id", "value_nok"), ("contractor_orgnr",)),
        ("start_date", "contract", ("contract_id", "value_nok"), ("client_orgnr",)),
    ),
    "arbeidstilsynet/tilsyn.csv": (("date", "inspection", ("findings", "reaction"), ("orgnr",)),),
    "arbeidstilsynet/tips.csv": (("received_date", "tip", ("channel",), ("mentioned_orgnr",)),),
    "politi/anmeldelser.csv": (
        ("reported_date", "police_report", ("offence", "status"), ("subject_orgnr",)),
    ),
    "vegvesen/utekontroller.csv": (
        ("date", "roadside_check", ("findings", "reaction"), ("stated_employer_orgnr",)),
    ),
}
# Hires and leavings are counted per company and day rather than listed one by one.
COUNTED_EVENTS = ("hire", "leaving")


def role_changes_sql() -> str:
    """Role changes: every version of a role record that a later delivery brought (a new
    role, a change, a resignation), dated by that delivery; the first load's roles are the
    starting state, not events."""
    return (
        "SELECT orgnr, CAST(_valid_from AS DATE) AS day, 'role_change' AS kind, "
        "concat_ws(' ', role, nullif(concat_ws(' ', first_name, last_name), ''), holder_orgnr, "
        "CASE WHEN resigned THEN 'resigned' END) AS summary, "
        "'brreg/roller.jsonl' AS source_file, record_id FROM facts.brreg__roller "
        "WHERE orgnr IS NOT NULL "
        "AND _valid_from > (SELECT min(_valid_from) FROM facts.brreg__roller)"
    )


def company_events_sql(present: set[str]) -> str:
    """Dated events per company from the registers' date columns, by org number."""
    parts = []
    for path, sources in TIMELINE_SOURCES.items():
        table = BY_PATH[path].table
        if table not in present:
            continue
        for date_col, kind, summary, (company,) in sources:
            base = f'FROM current."{table}" WHERE {company} IS NOT NULL AND {date_col} IS NOT NULL'
            if kind in COUNTED_EVENTS:
                parts.append(
                    f"SELECT {company} AS orgnr, {date_col} AS day, '{kind}' AS kind, "
                    f"count(DISTINCT coalesce(person_id, foreign_id))::VARCHAR || ' person(s)' "
                    f"AS summary, '{path}' AS source_file, min(record_id) AS record_id "
                    f"{base} GROUP BY 1, 2"
                )
            else:
                text = (
                    " || ' ' || ".join(f"coalesce(CAST({c} AS VARCHAR), '')" for c in summary)
                    or "''"
                )
                parts.append(
                    f"SELECT {company} AS orgnr, {date_col} AS day, '{kind}' AS kind, "
                    f"{text} AS summary, '{path}' AS source_file, record_id {base}"
                )
    if BY_PATH["brreg/roller.jsonl"].table in present:
        parts.append(role_changes_sql())
    body = " UNION ALL ".join(parts) or (
        "SELECT ''::VARCHAR AS orgnr, NULL::DATE AS day, '' AS kind, '' AS summary, "
        "'' AS source_file, '' AS record_id LIMIT 0"
    )
    return (
        f"CREATE OR REPLACE TABLE workbench.company_events AS SELECT * FROM ({body}) "
        "ORDER BY orgnr, day"
    )


TABLES = (
    "entity_records",
    "entity_links",
    "evidence_rows",
    "company_keys",
    "adjacency",
    "search_keys",
    "labels",
    "company_events",
)


@dataclass(frozen=True, slots=True)
class ServingReport:
    tables: dict[str, int]


def build_serving_tables(backend: Backend, budget_bytes: int | None = None) -> ServingReport:
    """Rebuild every serving table from the analysis schemas (idempotent), each ranged
    statement sized to ``budget_bytes`` (default: the default analysis budget)."""
    budget = budget_bytes or size_bytes(default_budget())
    backend.execute("SET enable_progress_bar = false")  # the run report speaks for the stage
    backend.execute("CREATE SCHEMA IF NOT EXISTS workbench")
    present = {
        str(t)
        for (t,) in backend.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'facts'"
        )
    }
    tables = [(f.path, f.table) for f in REGISTER_FILES if f.table in present]
    with backend.bulk_string_writes():
        backend.execute(record_rows_sql(tables))
        backend.checkpoint()
        _write_entity_records(backend, budget)
        _write_adjacency(backend, budget)
        for statement in (
            entity_links_sql(),
            evidence_rows_sql(),
            mention_keys_sql("company"),
            mention_keys_sql("person"),
            company_keys_sql(),
            search_keys_sql(),
            labels_sql(),
            company_events_sql(present),
            "DROP TABLE workbench.stage_record_rows",
            "DROP TABLE workbench.stage_company_keys",
            "DROP TABLE workbench.stage_person_keys",
        ):
            backend.execute(statement)
    return ServingReport(
        {n: int(str(backend.scalar(f"SELECT count(*) FROM workbench.{n}"))) for n in TABLES}
    )


def _count(backend: Backend, table: str) -> int:
    return int(str(backend.scalar(f"SELECT count(*) FROM {table}")))


def _write_entity_records(backend: Backend, budget: int) -> None:
    parts = parts_for(_count(backend, "resolution.identities"), budget, BYTES_PER_RECORD)
    ranges = key_ranges(backend, "SELECT entity_id AS key FROM resolution.identities", parts)
    write_in_parts(
        backend,
        "workbench.entity_records",
        ranges,
        lambda r: entity_records_sql(range_sql("i.entity_id", r)),
    )


def _write_adjacency(backend: Backend, budget: int) -> None:
    with backend.lookups_as_written():
        backend.execute(edges_sql())
    backend.checkpoint()
    pairs = backend.scalar("SELECT approx_count_distinct(pair_hash) FROM workbench.stage_edges")
    parts = parts_for(int(str(pairs)), budget, BYTES_PER_PAIR)
    write_in_parts(
        backend,
        "workbench.stage_edge_pairs",
        range(parts),
        lambda part: edge_pairs_sql(part, parts),
    )
    backend.execute("DROP TABLE workbench.stage_edges")
    rows = 2 * _count(backend, "workbench.stage_edge_pairs")
    ranges = key_ranges(
        backend,
        "SELECT a AS key FROM workbench.stage_edge_pairs "
        "UNION ALL SELECT b FROM workbench.stage_edge_pairs",
        parts_for(rows, budget, BYTES_PER_EDGE),
    )
    write_in_parts(
        backend,
        "workbench.adjacency",
        ranges,
        lambda r: adjacency_sql(range_sql("a", r), range_sql("b", r)),
    )
    backend.execute("DROP TABLE workbench.stage_edge_pairs")


def serving_stage(backend: Backend, store: Path, options: object) -> ServingReport:
    """The ``workbench`` stage of ``akrim analyse``, within the run's memory budget."""
    limit = getattr(options, "memory_limit", None)
    return build_serving_tables(backend, size_bytes(limit) if limit else None)
