"""The API's routes: the workbench's reads as JSON, for agency systems.

Each route mirrors a workbench page and calls the same functions: the read model
(`akrim.pipelines.workbench`) for the analysis product (ranks, scores, members, identities)
and `akrim.web.workbench.reads` for register facts, which go through the read gateway with
the purpose and case the request names (channel ``api``): one audit event per read, and the
facts the policy withholds come back as ``withheld`` entries with the reason.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import Field

from akrim.pipelines import workbench as wb
from akrim.web.api import schemas as out
from akrim.web.api.auth import caller, require_action
from akrim.web.cases.selectors import case_get
from akrim.web.workbench import reads
from akrim.web.workbench.context import WorkingContext
from akrim.web.workbench.services import link_decision_record

READ_ACTION = "workbench.read"
DECIDE_ACTION = "link.decide"
ERRORS = {400: out.Problem, 401: out.Problem, 403: out.Problem, 404: out.Problem, 422: out.Problem,
          503: out.Problem}  # fmt: skip

router = Router(tags=["workbench"], by_alias=True)


class ReadContext(Schema):
    """The declared purpose and the case a read of facts is for (the policy decides)."""

    purpose: str = Field(
        "", max_length=40, description="A purpose from the policy: prevent, detect, stop, sanction."
    )
    case: int | None = Field(None, ge=1, le=2**62, description="The case the read is for.")


def _context(request: HttpRequest, given: ReadContext) -> WorkingContext:
    require_action(caller(request), READ_ACTION)
    case_id = ""
    if given.case is not None:
        try:
            case_id = str(case_get(case_id=given.case).pk)
        except LookupError as error:
            raise HttpError(400, str(error)) from None
    return WorkingContext(purpose=given.purpose, case_id=case_id, channel="api")


def _store() -> wb.WorkbenchStore:
    return wb.workbench_store(settings.STORE)


class PriorityFilter(Schema):
    scope: str = Field("", pattern="^(|centre|national)$", description="Default: your centre.")
    nace: str = Field("", max_length=10, description="A NACE code prefix, e.g. 41 or 43.3.")
    typology: str = Field("", max_length=60)
    indicator: str = Field("", max_length=60)
    agency: str = Field("", max_length=40, description="Agency whose data the indicators use.")
    sort: str = Field("rank", pattern="^(rank|score|companies|persons)$")
    dir: str = Field("", pattern="^(|asc|desc)$", description="Default: desc for score.")
    page: int = Field(1, ge=1, le=1_000_000)
    per_page: int = Field(25, ge=1, le=100)


@router.get("/priorities", response={200: out.PriorityPageOut, **ERRORS})
def priorities(request: HttpRequest, filters: Query[PriorityFilter]) -> out.PriorityPageOut:
    """The ranked threat actors for your centre's region (or nationally), filtered, sorted
    and paged, like the priorities page. Analysis product: no facts, no audit event."""
    user = caller(request)
    require_action(user, READ_ACTION)
    scope = filters.scope or ("centre" if user.centre else "national")
    direction = filters.dir or ("desc" if filters.sort == "score" else "asc")
    try:
        counties = wb.centre_counties(user.centre) if scope == "centre" else None
    except ValueError as error:  # the account names a centre the platform does not know
        raise HttpError(403, f"{error}: ask an administrator to correct your account") from None
    query = wb.PriorityQuery(
        counties=counties,
        nace=filters.nace.strip(), typology=filters.typology, indicator=filters.indicator,
        agency=filters.agency, sort=filters.sort, descending=direction == "desc",
        page=filters.page, per_page=filters.per_page,
    )  # fmt: skip
    with _store().reader() as backend:
        return out.priority_page_out(wb.priorities(backend, query))


def _actor(backend: wb.Backend, actor_id: str) -> wb.Actor:
    found = wb.actor(backend, actor_id)
    if found is None:
        raise HttpError(404, f"no threat actor {actor_id!r}")
    return found


@router.get("/actors/{actor_id}", response={200: out.NetworkOut, **ERRORS})
def actor_network(request: HttpRequest, actor_id: str, given: Query[ReadContext]) -> out.NetworkOut:
    """A threat actor with its network graph and timeline (one read of facts)."""
    context = _context(request, given)
    with _store().reader() as backend:
        found = _actor(backend, actor_id)
        facts = reads.network(caller(request), context, backend, found)
    value = facts.value
    return out.NetworkOut(
        actor=out.actor_out(found),
        graph=out.graph_out(value.graph if value else None),
        timeline=out.timeline_out(value.timeline if value else ()),
        audit_seq=facts.audit_seq,
        withheld=out.withheld_out(facts.withheld),
    )


class ExpandQuery(ReadContext):
    node: str = Field(..., max_length=200, description="A node id of the graph, kind:key.")


@router.get("/actors/{actor_id}/expand", response={200: out.ExpansionOut, **ERRORS})
def actor_expand(
    request: HttpRequest, actor_id: str, given: Query[ExpandQuery]
) -> out.ExpansionOut:
    """The neighbours of one node of an actor's network, one hop out."""
    try:
        wb.parse_node_id(given.node)
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    context = _context(request, given)
    with _store().reader() as backend:
        found = _actor(backend, actor_id)
        facts = reads.expand(caller(request), context, backend, found, given.node)
    return out.ExpansionOut(
        graph=out.graph_out(facts.value),
        audit_seq=facts.audit_seq,
        withheld=out.withheld_out(facts.withheld),
    )


class EdgeQuery(ReadContext):
    edge: str = Field(..., max_length=400, description="An edge id of the actor's graph.")


@router.get("/actors/{actor_id}/edge", response={200: out.EdgeEvidenceOut, **ERRORS})
def actor_edge(request: HttpRequest, actor_id: str, given: Query[EdgeQuery]) -> out.EdgeEvidenceOut:
    """The source records behind one edge of an actor's network."""
    context = _context(request, given)
    with _store().reader() as backend:
        _actor(backend, actor_id)
        try:
            facts = reads.edge(caller(request), context, backend, actor_id, given.edge)
        except ValueError as error:
            raise HttpError(400, str(error)) from None
    return out.EdgeEvidenceOut(
        edge=given.edge,
        records=[out.record_out(r) for r in facts.value or ()],
        audit_seq=facts.audit_seq,
        withheld=out.withheld_out(facts.withheld),
    )


def _entity_page(
    request: HttpRequest, context: WorkingContext, backend: wb.Backend, entity: wb.EntityRef
) -> out.EntityPageOut:
    facts = reads.entity_page_facts(caller(request), context, backend, entity)
    return out.EntityPageOut(
        entity=out.entity_out(entity),
        registers=out.register_facts_out(facts.value or ()),
        links=out.links_out(wb.identity_links(backend, entity.entity_id, entity.kind)),
        audit_seq=facts.audit_seq,
        withheld=out.withheld_out(facts.withheld),
    )


@router.get("/companies/{key}", response={200: out.EntityPageOut, **ERRORS})
def company(request: HttpRequest, key: str, given: Query[ReadContext]) -> out.EntityPageOut:
    """A company (by org number or entity id): every register's facts with provenance, the
    withheld ones with the reason, and the identity links that formed it."""
    context = _context(request, given)
    with _store().reader() as backend:
        entity = wb.company(backend, key)
        if entity is None:
            raise HttpError(404, f"no company {key!r}")
        return _entity_page(request, context, backend, entity)


@router.get("/persons/{entity_id}", response={200: out.EntityPageOut, **ERRORS})
def person(request: HttpRequest, entity_id: str, given: Query[ReadContext]) -> out.EntityPageOut:
    """A resolved person: facts by register, withheld ones with the reason, identity links."""
    context = _context(request, given)
    with _store().reader() as backend:
        entity = wb.person(backend, entity_id)
        if entity is None:
            raise HttpError(404, f"no person {entity_id!r}")
        return _entity_page(request, context, backend, entity)


@router.get("/companies/{key}/score", response={200: out.ScoreOut, **ERRORS})
def company_score(request: HttpRequest, key: str, given: Query[ReadContext]) -> out.ScoreOut:
    """A company's score explained: each contribution with its indicator's rationale and the
    source records behind it (null where withheld)."""
    context = _context(request, given)
    with _store().reader() as backend:
        entity = wb.company(backend, key)
        if entity is None or entity.kind != "company":
            raise HttpError(404, f"no company {key!r}")
        explanation = wb.score_explanation(backend, entity.key)
        facts = reads.score_evidence(caller(request), context, backend, explanation)
    return out.ScoreOut(
        entity=out.entity_out(entity),
        catalogue_version=explanation.catalogue_version,
        total=explanation.total,
        lines=out.score_lines_out(explanation, facts.value or {}),
        audit_seq=facts.audit_seq,
        withheld=out.withheld_out(facts.withheld),
    )


class SearchQuery(ReadContext):
    q: str = Field(..., max_length=200, description="Name, org number, national ID or D-number, "
                   "foreign ID, address or vehicle registration.")  # fmt: skip


@router.get("/search", response={200: out.SearchOut, **ERRORS})
def search(request: HttpRequest, given: Query[SearchQuery]) -> out.SearchOut:
    """Search like the workbench: fuzzy, diacritic-insensitive names and identifiers; a
    vehicle registration reads the vehicle register, through the gateway."""
    context = _context(request, given)
    text = given.q.strip()
    kind = wb.classify(text) if text else ""
    hits: tuple[wb.SearchHit, ...] = ()
    withheld: tuple[reads.Withheld, ...] = ()
    audit_seq = None
    if text:
        with _store().reader() as backend:
            if kind == "vehicle":
                facts = reads.vehicle(caller(request), context, backend, text)
                hits, withheld, audit_seq = facts.value or (), facts.withheld, facts.audit_seq
            else:
                hits = wb.search(backend, text)
                if wb.looks_like_address(text):  # residents are confidential: the gateway
                    found = reads.address_residents(caller(request), context, backend, text)
                    hits, withheld = hits + (found.value or ()), found.withheld
                    audit_seq = found.audit_seq
    return out.SearchOut(
        query=text, kind=kind, hits=out.hits_out(hits), audit_seq=audit_seq,
        withheld=out.withheld_out(withheld),
    )  # fmt: skip


@router.post("/links/decisions", response={201: out.LinkDecisionOut, **ERRORS})
def link_decide(request: HttpRequest, body: out.LinkDecisionIn) -> Status[out.LinkDecisionOut]:
    """Confirm or reject a link between two mentions; audited, applied on the next analysis."""
    user = caller(request)
    require_action(user, DECIDE_ACTION)
    try:
        decision = wb.parse_link_decision(
            body.kind, body.left, body.right, body.verdict, user.username, body.note
        )
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    link_decision_record(user=user, store=_store(), decision=decision, entity=body.entity)
    return Status(201, out.LinkDecisionOut(
        kind=decision.entity_kind, left=decision.left, right=decision.right,
        verdict=decision.verdict, note=decision.note, takes_effect="next analysis run",
    ))  # fmt: skip
