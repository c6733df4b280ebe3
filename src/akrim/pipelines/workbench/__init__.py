"""The workbench read model: typed reads over the analysed store for the web pages and the API.

Open a `WorkbenchStore` once per process (`workbench_store(directory)`) and take a cursor per
request with ``with store.reader() as backend:``; every read function takes that backend first.

Two kinds of reads:

- the joint analysis product (scores, ranks, indicator codes, actor membership, resolved
  identities): plain functions, e.g. `priorities(backend, PriorityQuery(...))`;
- facts (register rows, indicator evidence, edges from confidential registers): functions
  that take ``allowed`` (the fact scopes the read gateway allowed) and return only rows of
  those registers. Call them only as the ``load`` of ``akrim.web.sharing.gateway.read_facts``;
  `tests/web/test_read_paths.py` fails for a web module that calls one anywhere else.
"""

from __future__ import annotations

from akrim.domain.registers import REGISTER_FILES
from akrim.engines.backend import Backend
from akrim.pipelines.workbench.catalogue_facets import agencies as origin_agency_codes
from akrim.pipelines.workbench.catalogue_facets import indicators as indicator_names
from akrim.pipelines.workbench.catalogue_facets import typologies
from akrim.pipelines.workbench.connection import (
    StoreBusy,
    StoreMissing,
    WorkbenchStore,
    workbench_store,
)
from akrim.pipelines.workbench.decisions import LinkDecision, decide_link, parse_link_decision
from akrim.pipelines.workbench.entities import (
    EntityRef,
    IdentityLink,
    Mention,
    ScoreExplanation,
    ScoreLine,
    company,
    identity_links,
    person,
    score_explanation,
)
from akrim.pipelines.workbench.facts import (
    FactRecord,
    Provenance,
    RegisterFacts,
    allowed_files,
    company_evidence,
    entity_facts,
    evidence_records,
    files_mentioning,
    records_by_id,
    scopes_for,
)
from akrim.pipelines.workbench.network import (
    EDGE_SEPARATOR,
    Actor,
    Edge,
    Graph,
    Member,
    Node,
    TimelineEvent,
    actor,
    actor_graph,
    edge_evidence,
    neighbours,
    network_files,
    parse_node_id,
    timeline,
)
from akrim.pipelines.workbench.priorities import (
    IndicatorStrength,
    PriorityPage,
    PriorityQuery,
    PriorityRow,
    priorities,
    priorities_sorts,
    sector_codes,
)
from akrim.pipelines.workbench.regions import CENTRE_COUNTIES, centre_counties
from akrim.pipelines.workbench.search import (
    RESIDENCE_FILE,
    VEHICLE_FILE,
    SearchHit,
    classify,
    looks_like_address,
    residents,
    search,
    vehicle_owners,
)

# Read functions that return register facts: callable only as a read_facts loader.
FACT_READERS = (
    "actor_graph",
    "company_evidence",
    "edge_evidence",
    "entity_facts",
    "evidence_records",
    "neighbours",
    "records_by_id",
    "residents",
    "timeline",
    "vehicle_owners",
)

__all__ = [
    "CENTRE_COUNTIES",
    "EDGE_SEPARATOR",
    "FACT_READERS",
    "REGISTER_FILES",
    "RESIDENCE_FILE",
    "VEHICLE_FILE",
    "Actor",
    "Backend",
    "Edge",
    "EntityRef",
    "FactRecord",
    "Graph",
    "IdentityLink",
    "IndicatorStrength",
    "LinkDecision",
    "Member",
    "Mention",
    "Node",
    "PriorityPage",
    "PriorityQuery",
    "PriorityRow",
    "Provenance",
    "RegisterFacts",
    "ScoreExplanation",
    "ScoreLine",
    "SearchHit",
    "StoreBusy",
    "StoreMissing",
    "TimelineEvent",
    "WorkbenchStore",
    "actor",
    "actor_graph",
    "allowed_files",
    "centre_counties",
    "classify",
    "company",
    "company_evidence",
    "decide_link",
    "edge_evidence",
    "entity_facts",
    "evidence_records",
    "files_mentioning",
    "identity_links",
    "indicator_names",
    "looks_like_address",
    "neighbours",
    "network_files",
    "origin_agency_codes",
    "parse_link_decision",
    "parse_node_id",
    "person",
    "priorities",
    "priorities_sorts",
    "records_by_id",
    "residents",
    "scopes_for",
    "score_explanation",
    "search",
    "sector_codes",
    "timeline",
    "typologies",
    "vehicle_owners",
    "workbench_store",
]
