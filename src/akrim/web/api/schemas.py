"""The API's request and response shapes (they make the OpenAPI document), and the mapping
from the workbench read model's values to them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from akrim.pipelines import workbench as wb
from akrim.web.workbench.reads import Withheld


class RegisterNamed(Schema):
    """A model class has an attribute `register` (from abc), so a field the JSON calls
    "register" is named `register_` here, with that alias (the router dumps by alias)."""

    model_config = ConfigDict(populate_by_name=True)


class Problem(Schema):
    """Every error: a one-line reason."""

    detail: str


class WithheldOut(RegisterNamed):
    """Facts of one register the policy withheld: why, and how to ask for them lawfully."""

    register_: str = Field(alias="register")
    agency: str
    classification: str
    reason: str
    remedy: str
    unmet: str = Field(description="The policy requirement that was not met, if one.")
    subject: str


class ReadInfo(Schema):
    """How a read of facts went: the audit entry that records it (none for open facts)."""

    audit_seq: int | None
    withheld: list[WithheldOut]


class IndicatorOut(Schema):
    code: str
    points: float


class PriorityOut(Schema):
    rank: int
    actor_id: str
    score: float
    companies: list[str]
    company_names: list[str] = Field(
        description="Each company's name in the open central register, in the order of "
        "`companies`; empty when it has none there (e.g. a foreign contractor)."
    )
    persons: int
    strongest: list[IndicatorOut]


class PriorityPageOut(Schema):
    rows: list[PriorityOut]
    total: int
    page: int
    per_page: int
    pages: int


class MemberOut(Schema):
    orgnr: str
    label: str
    score: float | None


class ActorOut(Schema):
    actor_id: str
    rank: int
    score: float
    members: list[MemberOut]
    persons: int
    indicators: list[IndicatorOut]


class NodeOut(Schema):
    id: str
    kind: str
    key: str
    label: str
    member: bool


class EdgeOut(Schema):
    id: str
    source: str
    target: str
    kind: str
    source_file: str
    records: int


class GraphOut(Schema):
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    more: dict[str, int] = Field(description="Neighbours left out per kind (expand to see).")


class TimelineEventOut(Schema):
    date: str
    kind: str
    subject: str
    summary: str
    source_file: str
    record_id: str


class NetworkOut(ReadInfo):
    actor: ActorOut
    graph: GraphOut
    timeline: list[TimelineEventOut]


class ExpansionOut(ReadInfo):
    graph: GraphOut


class ProvenanceOut(RegisterNamed):
    agency: str
    register_: str = Field(alias="register")
    classification: str
    delivery_id: str
    extract_date: str
    legal_basis: str
    source_file: str
    line: int
    record_id: str


class FactRecordOut(Schema):
    source_file: str
    record_id: str
    fields: dict[str, str] = Field(description="Column to value as text, in contract order.")
    provenance: ProvenanceOut


class EdgeEvidenceOut(ReadInfo):
    edge: str
    records: list[FactRecordOut]


class RegisterFactsOut(RegisterNamed):
    source_file: str
    register_: str = Field(alias="register")
    agency: str
    classification: str
    total: int
    records: list[FactRecordOut]


class EntityOut(Schema):
    entity_id: str
    kind: Literal["company", "person"]
    key: str
    label: str
    actor_id: str
    score: float | None


class MentionOut(Schema):
    reference: str
    source_file: str
    record_id: str
    role: str


class IdentityLinkOut(Schema):
    left: MentionOut
    right: MentionOut
    rule: str
    probability: float | None
    weight: float | None
    explanation: str
    status: str
    decision: str


class EntityPageOut(ReadInfo):
    entity: EntityOut
    registers: list[RegisterFactsOut]
    links: list[IdentityLinkOut]


class ScoreLineOut(Schema):
    indicator: str
    name: str
    typology: str
    points: float
    rationale: str
    definition: str
    legal_basis: str
    evidence: list[FactRecordOut | None] = Field(
        description="The source record behind each piece of evidence; null where withheld."
    )
    evidence_refs: list[str] = Field(description="source_file#record_id of each evidence item.")


class ScoreOut(ReadInfo):
    entity: EntityOut
    catalogue_version: str
    total: float
    lines: list[ScoreLineOut]


class SearchHitOut(Schema):
    entity_kind: str
    entity_id: str
    key: str
    label: str
    matched: str
    similarity: float


class SearchOut(ReadInfo):
    query: str
    kind: str
    hits: list[SearchHitOut]


class LinkDecisionIn(Schema):
    kind: Literal["person", "company"]
    left: str = Field(max_length=300, description="A mention: source_file#record_id#role.")
    right: str = Field(max_length=300)
    verdict: Literal["confirm", "reject"]
    note: str = Field("", max_length=2000)
    entity: str = Field("", max_length=100, description="The entity page it was decided on.")


class LinkDecisionOut(Schema):
    kind: str
    left: str
    right: str
    verdict: str
    note: str
    takes_effect: str


def withheld_out(items: Iterable[Withheld]) -> list[WithheldOut]:
    return [
        WithheldOut(
            register=w.register, agency=w.agency, classification=w.classification,
            reason=w.reason, remedy=w.remedy, unmet=w.unmet, subject=w.subject,
        )
        for w in items
    ]  # fmt: skip


def indicators_out(items: Iterable[wb.IndicatorStrength]) -> list[IndicatorOut]:
    return [IndicatorOut(code=i.code, points=i.points) for i in items]


def priority_page_out(page: wb.PriorityPage) -> PriorityPageOut:
    rows = [
        PriorityOut(
            rank=r.rank, actor_id=r.actor_id, score=r.score, companies=list(r.companies),
            company_names=list(r.company_names), persons=r.persons,
            strongest=indicators_out(r.strongest),
        )
        for r in page.rows
    ]  # fmt: skip
    query = page.query
    return PriorityPageOut(
        rows=rows, total=page.total, page=query.page, per_page=query.per_page, pages=page.pages
    )


def actor_out(actor: wb.Actor) -> ActorOut:
    return ActorOut(
        actor_id=actor.actor_id,
        rank=actor.rank,
        score=actor.score,
        members=[MemberOut(orgnr=m.orgnr, label=m.label, score=m.score) for m in actor.members],
        persons=actor.persons,
        indicators=indicators_out(actor.indicators),
    )


def graph_out(graph: wb.Graph | None) -> GraphOut:
    if graph is None:
        return GraphOut(nodes=[], edges=[], more={})
    return GraphOut(
        nodes=[
            NodeOut(id=n.id, kind=n.kind, key=n.key, label=n.label, member=n.member)
            for n in graph.nodes
        ],
        edges=[
            EdgeOut(id=e.id, source=e.source, target=e.target, kind=e.kind,
                    source_file=e.source_file, records=e.records)
            for e in graph.edges
        ],
        more=dict(graph.more),
    )  # fmt: skip


def timeline_out(events: Iterable[wb.TimelineEvent]) -> list[TimelineEventOut]:
    return [
        TimelineEventOut(date=e.date, kind=e.kind, subject=e.subject, summary=e.summary,
                         source_file=e.source_file, record_id=e.record_id)
        for e in events
    ]  # fmt: skip


def record_out(record: wb.FactRecord) -> FactRecordOut:
    p = record.provenance
    return FactRecordOut(
        source_file=record.source_file,
        record_id=record.record_id,
        fields=dict(record.fields),
        provenance=ProvenanceOut(
            agency=p.agency, register=p.register, classification=p.classification,
            delivery_id=p.delivery_id, extract_date=p.extract_date, legal_basis=p.legal_basis,
            source_file=p.source_file, line=p.line, record_id=p.record_id,
        ),
    )  # fmt: skip


def register_facts_out(facts: Iterable[wb.RegisterFacts]) -> list[RegisterFactsOut]:
    return [
        RegisterFactsOut(
            source_file=f.source_file, register=f.register, agency=f.agency,
            classification=f.classification, total=f.total,
            records=[record_out(r) for r in f.records],
        )
        for f in facts
    ]  # fmt: skip


def entity_out(entity: wb.EntityRef) -> EntityOut:
    kind: Literal["company", "person"] = "company" if entity.kind == "company" else "person"
    return EntityOut(
        entity_id=entity.entity_id, kind=kind, key=entity.key, label=entity.label,
        actor_id=entity.actor_id, score=entity.score,
    )  # fmt: skip


def _mention_out(m: wb.Mention) -> MentionOut:
    return MentionOut(
        reference=m.reference, source_file=m.source_file, record_id=m.record_id, role=m.role
    )


def links_out(links: Iterable[wb.IdentityLink]) -> list[IdentityLinkOut]:
    return [
        IdentityLinkOut(
            left=_mention_out(link.left), right=_mention_out(link.right), rule=link.rule,
            probability=link.probability, weight=link.weight, explanation=link.explanation,
            status=link.status, decision=link.decision,
        )
        for link in links
    ]  # fmt: skip


def score_lines_out(
    explanation: wb.ScoreExplanation, records: dict[tuple[str, str], wb.FactRecord]
) -> list[ScoreLineOut]:
    lines = []
    for line in explanation.lines:
        found = [records.get(ref) for ref in line.evidence]
        lines.append(
            ScoreLineOut(
                indicator=line.indicator, name=line.name, typology=line.typology,
                points=line.points, rationale=line.rationale, definition=line.definition,
                legal_basis=line.legal_basis,
                evidence=[record_out(r) if r is not None else None for r in found],
                evidence_refs=[f"{path}#{record_id}" for path, record_id in line.evidence],
            )
        )  # fmt: skip
    return lines


def hits_out(hits: Iterable[wb.SearchHit]) -> list[SearchHitOut]:
    return [
        SearchHitOut(entity_kind=h.entity_kind, entity_id=h.entity_id, key=h.key, label=h.label,
                     matched=h.matched, similarity=h.similarity)
        for h in hits
    ]  # fmt: skip
