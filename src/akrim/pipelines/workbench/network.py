"""The network view's reads: a threat actor's members and score, its graph one hop at a time,
the evidence behind an edge, and the timeline of its dated facts.

Membership and scores are the analysis product (`actor`). Edges and events come from
register records, so `actor_graph`, `neighbours`, `edge_evidence` and `timeline` take the
gateway's ``allowed`` scopes and leave out whatever register was not allowed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from akrim.domain.access import FactScope
from akrim.domain.registers import REGISTER_FILES, RegisterFile
from akrim.engines.backend import Backend
from akrim.engines.risk.scores_sql import exact_sum
from akrim.pipelines.workbench.facts import FactRecord, allowed_files, records_by_id
from akrim.pipelines.workbench.priorities import IndicatorStrength
from akrim.pipelines.workbench.serving import TIMELINE_SOURCES

NODE_KINDS = ("company", "person", "address", "account", "vehicle", "contract")
NEIGHBOURS_PER_KIND = 15
EDGE_SEPARATOR = "~"  # address keys hold "|"
EXPAND_PER_KIND = 40
# Edge kinds too numerous to draw around every member at first: shown on expanding a node.
CROWDED_KINDS = ("employment", "posted")


@dataclass(frozen=True, slots=True)
class Member:
    orgnr: str
    label: str
    score: float | None


@dataclass(frozen=True, slots=True)
class Actor:
    actor_id: str
    rank: int
    score: float
    members: tuple[Member, ...]
    persons: int
    indicators: tuple[IndicatorStrength, ...]


@dataclass(frozen=True, slots=True)
class Node:
    id: str  # "kind:key"
    kind: str  # company, person, address, account, vehicle, contract
    key: str
    label: str
    member: bool = False


@dataclass(frozen=True, slots=True)
class Edge:
    id: str
    source: str
    target: str
    kind: str
    source_file: str
    records: int


@dataclass(frozen=True, slots=True)
class Graph:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    # (node id, edge kind) -> neighbours left out by the cap, to expand later
    more: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    date: str
    kind: str  # registration, bankruptcy, deletion, hire, inspection, police_report, tip, ...
    subject: str  # the org number the event is about
    summary: str
    source_file: str
    record_id: str


def network_files() -> tuple[RegisterFile, ...]:
    """Every register the network view may draw from (edges and timeline)."""
    used = {"brreg/enheter.json", "brreg/roller.jsonl", *TIMELINE_SOURCES}  # events too
    used |= {
        "skatteetaten/a_melding.csv", "skatteetaten/utsendte.csv", "skatteetaten/oppdrag.csv",
        "skatteetaten/folkeregister.csv", "bank/transaksjoner.csv", "vegvesen/kjoretoy.csv",
    }  # fmt: skip
    return tuple(f for f in REGISTER_FILES if f.path in used)


def node_id(kind: str, key: str) -> str:
    return f"{kind}:{key}"


def parse_node_id(text: str) -> tuple[str, str]:
    kind, sep, key = text.partition(":")
    if not sep or kind not in NODE_KINDS or not key:
        raise ValueError(f"{text!r} is not a node id (kind:key)")
    return kind, key


def actor(backend: Backend, actor_id: str) -> Actor | None:
    """The actor's rank, score, member companies (with labels and scores) and indicators."""
    rows = backend.rows(
        "SELECT rank, score, person_ids FROM risk.priorities WHERE actor_id = ?", [actor_id]
    )
    if not rows:
        return None
    rank, score, persons = rows[0]
    members = tuple(
        Member(str(orgnr), str(label or ""), None if s is None else float(str(s)))
        for orgnr, label, s in backend.rows(
            "SELECT m.company_id, l.label, c.score FROM network.actor_members m "
            "LEFT JOIN workbench.company_keys k ON k.orgnr = m.company_id "
            "LEFT JOIN workbench.labels l ON l.entity_id = k.entity_id "
            "LEFT JOIN risk.companies c ON c.orgnr = m.company_id "
            "WHERE m.actor_id = ? ORDER BY c.score DESC NULLS LAST, m.company_id",
            [actor_id],
        )
    )
    indicators = tuple(
        IndicatorStrength(str(code), float(str(points)))
        for code, points in backend.rows(
            f"SELECT indicator, {exact_sum('points')} AS p FROM risk.network_contributions "
            "WHERE actor_id = ? GROUP BY indicator ORDER BY p DESC, indicator",
            [actor_id],
        )
    )
    return Actor(
        actor_id,
        int(str(rank)),
        float(str(score)),
        members,
        len(str(persons or "").split()),
        indicators,
    )


def _adjacent(
    backend: Backend,
    centres: Sequence[tuple[str, str]],
    allowed: Sequence[FactScope],
    per_kind: int,
    skip_kinds: Sequence[str] = (),
) -> list[tuple[object, ...]]:
    files = list(allowed_files(allowed))
    if not files or not centres:
        return []
    keys = [key for _, key in centres]
    kinds = [kind for kind, _ in centres]
    return backend.rows(
        """
SELECT node_kind, node, other_kind, other, kind, source_file, records, total FROM (
  SELECT a.*, row_number() OVER (PARTITION BY node_kind, node, kind
    ORDER BY records DESC, other) AS pick,
    count(*) OVER (PARTITION BY node_kind, node, kind) AS total
  FROM workbench.adjacency a
  WHERE list_contains(?, node) AND list_contains(?, node_kind)
    AND list_contains(?, source_file) AND NOT list_contains(?, kind)
) WHERE pick <= ? ORDER BY node, kind, records DESC, other""",
        [keys, kinds, files, list(skip_kinds) or [""], per_kind],
    )


def _graph(
    backend: Backend,
    rows: list[tuple[object, ...]],
    members: set[str],
    centres: Sequence[tuple[str, str]],
) -> Graph:
    nodes: dict[str, tuple[str, str]] = {node_id(k, v): (k, v) for k, v in centres}
    edges: dict[str, Edge] = {}
    more: dict[str, int] = {}
    for node_kind, node, other_kind, other, kind, source_file, records, total in rows:
        a, b = node_id(str(node_kind), str(node)), node_id(str(other_kind), str(other))
        nodes.setdefault(b, (str(other_kind), str(other)))
        source, target = sorted((a, b))
        edge_id = EDGE_SEPARATOR.join((source, str(kind), target, str(source_file)))
        edges[edge_id] = Edge(
            edge_id, source, target, str(kind), str(source_file), int(str(records))
        )
        left = int(str(total))
        more[f"{a}{EDGE_SEPARATOR}{kind}"] = max(
            0, left - sum(1 for r in rows if r[:2] == (node_kind, node) and r[4] == kind)
        )
    labels = _labels(
        backend, [key for kind, key in nodes.values() if kind in ("company", "person")]
    )
    return Graph(
        tuple(
            Node(nid, kind, key, labels.get(key, "") or key, kind == "company" and key in members)
            for nid, (kind, key) in sorted(nodes.items())
        ),
        tuple(edges.values()),
        {k: v for k, v in more.items() if v},
    )


def _labels(backend: Backend, keys: list[str]) -> dict[str, str]:
    if not keys:
        return {}
    return {
        str(key): str(label)
        for key, label in backend.rows(
            "SELECT key, label FROM workbench.labels WHERE list_contains(?, key) "
            "AND label IS NOT NULL",
            [keys],
        )
    }


def actor_graph(backend: Backend, actor_id: str, allowed: Sequence[FactScope]) -> Graph:
    """The member companies and their neighbours through the allowed registers (employees and
    posted workers appear when a company is expanded)."""
    members = [
        str(r[0])
        for r in backend.rows(
            "SELECT company_id FROM network.actor_members WHERE actor_id = ? ORDER BY 1",
            [actor_id],
        )
    ]
    centres = [("company", m) for m in members]
    rows = _adjacent(backend, centres, allowed, NEIGHBOURS_PER_KIND, CROWDED_KINDS)
    return _graph(backend, rows, set(members), centres)


def neighbours(
    backend: Backend, node: str, allowed: Sequence[FactScope], members: Sequence[str] = ()
) -> Graph:
    """One hop from one node through the allowed registers."""
    centre = parse_node_id(node)
    rows = _adjacent(backend, [centre], allowed, EXPAND_PER_KIND)
    return _graph(backend, rows, set(members), [centre])


def edge_evidence(
    backend: Backend, edge_id: str, allowed: Sequence[FactScope]
) -> tuple[FactRecord, ...]:
    """The source records behind one edge (up to 20), with provenance."""
    try:
        source, kind, target, source_file = edge_id.split(EDGE_SEPARATOR)
        (sk, sv), (tk, tv) = parse_node_id(source), parse_node_id(target)
    except ValueError:
        raise ValueError(f"{edge_id!r} is not an edge id") from None
    if source_file not in allowed_files(allowed):
        return ()
    rows = backend.rows(
        "SELECT sample, sample_rows FROM workbench.adjacency WHERE node_kind = ? AND node = ? "
        "AND other_kind = ? AND other = ? AND kind = ? AND source_file = ?",
        [sk, sv, tk, tv, kind, source_file],
    )
    if not rows:
        return ()
    sample, positions = rows[0]
    ids = [str(r) for r in sample] if isinstance(sample, list) else []
    where = (
        [None if p is None else int(p) for p in positions] if isinstance(positions, list) else None
    )
    return records_by_id(backend, source_file, ids, allowed, where)


TIMELINE_LIMIT = 120


def timeline(
    backend: Backend, orgnrs: Sequence[str], allowed: Sequence[FactScope]
) -> tuple[TimelineEvent, ...]:
    """Dated events about these companies from the allowed registers, newest first; hires
    and leavings are counted per company and day rather than listed one by one."""
    files = list(allowed_files(allowed))
    if not files or not orgnrs:
        return ()
    rows = backend.rows(
        "SELECT CAST(day AS VARCHAR), kind, orgnr, summary, source_file, record_id "
        "FROM workbench.company_events WHERE orgnr IN (SELECT unnest(?::VARCHAR[])) "
        "AND list_contains(?, source_file) ORDER BY day DESC, kind, orgnr LIMIT ?",
        [list(orgnrs), files, TIMELINE_LIMIT],
    )
    return tuple(
        TimelineEvent(str(d), str(k), str(s or ""), " ".join(str(t or "").split()), str(f), str(r))
        for d, k, s, t, f, r in rows
    )
