"""The last ``akrim analyse`` stage: serving tables in schema ``workbench`` that make the web
pages' lookups cheap (rows sorted by the key a page looks up, so DuckDB's zone maps skip
almost everything).

- ``entity_records``: every record that mentions a resolved entity, by entity id;
- ``company_keys``: the resolved company entity of each org number;
- ``adjacency``: the network's edges in both directions, one row per (node, neighbour,
  kind, source file) with the number of records and up to 20 record ids, persons keyed by
  their resolved entity (vehicle and account owners too);
- ``search_keys``: identifiers and folded names of every mention, for search;
- ``labels``: a display name per entity from the open central register only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from akrim.engines.backend import Backend

SAMPLE_RECORDS = 20


def entity_records_sql() -> str:
    return """
CREATE OR REPLACE TABLE workbench.entity_records AS
SELECT entity_id, entity_kind, source_file, record_id, role FROM resolution.identities
ORDER BY entity_id, source_file, record_id"""


def company_keys_sql() -> str:
    return """
CREATE OR REPLACE TABLE workbench.company_keys AS
SELECT orgnr, entity_id FROM (
  SELECT m.orgnr, i.entity_id, row_number() OVER (
    PARTITION BY m.orgnr ORDER BY count(*) DESC, i.entity_id) AS pick
  FROM resolution.company_mentions m
  JOIN resolution.identities i USING (source_file, record_id, role)
  WHERE m.orgnr IS NOT NULL AND i.entity_kind = 'company'
  GROUP BY m.orgnr, i.entity_id
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

    return (
        f"SELECT e.src_kind, {end('src')} AS src, e.dst_kind, {end('dst')} AS dst, e.kind, "
        f"e.source_file, e.record_id FROM network.edges e {join('src')} {join('dst')}"
    )


def adjacency_sql() -> str:
    return f"""
CREATE OR REPLACE TABLE workbench.adjacency AS
WITH e AS ({resolved_edges_sql()}),
both_ways AS (
  SELECT src_kind AS node_kind, src AS node, dst_kind AS other_kind, dst AS other, kind,
    source_file, record_id FROM e
  UNION ALL
  SELECT dst_kind, dst, src_kind, src, kind, source_file, record_id FROM e
)
SELECT node_kind, node, other_kind, other, kind, source_file, count(*) AS records,
  list(record_id ORDER BY record_id)[1:{SAMPLE_RECORDS}] AS sample
FROM both_ways WHERE node IS NOT NULL AND other IS NOT NULL
GROUP BY ALL ORDER BY node, kind, other"""


SEARCH_KEYS = (  # (entity kind, key kind, mention column)
    ("company", "orgnr", "orgnr"),
    ("company", "foreign_id", "fid_norm"),
    ("company", "name", "name_key"),
    ("person", "person_id", "person_id"),
    ("person", "foreign_id", "fid_norm"),
    ("person", "name", "name_key"),
)
MENTION_ENTITY = "JOIN resolution.identities i USING (source_file, record_id, role)"


def search_keys_sql() -> str:
    parts = [
        f"SELECT '{kind}' AS entity_kind, i.entity_id, '{key}' AS key_kind, m.{col} AS key "
        f"FROM resolution.{kind}_mentions m {MENTION_ENTITY} "
        f"WHERE m.{col} IS NOT NULL AND m.{col} <> ''"
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
    return f"""
CREATE OR REPLACE TABLE workbench.labels AS
SELECT k.entity_id, 'company' AS entity_kind, k.orgnr AS key, e.name AS label
  FROM workbench.company_keys k LEFT JOIN current.brreg__enheter e ON e.orgnr = k.orgnr
UNION ALL
SELECT entity_id, 'person', entity_id, any_value(label) FROM (
  SELECT i.entity_id, concat_ws(' ', m.first_name, m.middle_name, m.last_name) AS label
  FROM resolution.person_mentions m {MENTION_ENTITY}
  WHERE m.source_file = 'brreg/roller.jsonl'
) GROUP BY entity_id
ORDER BY entity_id"""


STATEMENTS = (
    entity_records_sql,
    company_keys_sql,
    adjacency_sql,
    search_keys_sql,
    labels_sql,
)


@dataclass(frozen=True, slots=True)
class ServingReport:
    tables: dict[str, int]


def build_serving_tables(backend: Backend) -> ServingReport:
    """Rebuild every serving table from the analysis schemas (idempotent)."""
    backend.execute("CREATE SCHEMA IF NOT EXISTS workbench")
    for statement in STATEMENTS:
        backend.execute(statement())
    names = ("entity_records", "company_keys", "adjacency", "search_keys", "labels")
    return ServingReport(
        {n: int(str(backend.scalar(f"SELECT count(*) FROM workbench.{n}"))) for n in names}
    )


def serving_stage(backend: Backend, store: Path, options: object) -> ServingReport:
    """The ``workbench`` stage of ``akrim analyse``."""
    return build_serving_tables(backend)
