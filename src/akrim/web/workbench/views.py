"""Workbench pages: priorities, the network view with its JSON endpoints, company and person
pages, score explanations, search, the working context and link decisions.

Analysis-product reads (ranks, scores, members, identities) call the read model directly;
every read of register facts goes through ``reads`` (the read gateway), once per view.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from akrim.pipelines import workbench as wb
from akrim.web.accounts.models import User
from akrim.web.cases.selectors import case_get
from akrim.web.cases.services import proportionality_note_record
from akrim.web.sharing.policy import Refused, current_policy
from akrim.web.workbench import reads
from akrim.web.workbench.access import DECIDE_ACTION, may, workbench_view
from akrim.web.workbench.context import (
    WorkingContext,
    set_working_context,
    sharing_cases,
    working_context,
)
from akrim.web.workbench.services import link_decision_record

View = Callable[..., HttpResponse]
T = TypeVar("T")


def store() -> wb.WorkbenchStore:
    return wb.workbench_store(settings.STORE)


def _cached(key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """The analysis product is the same for every user until the store changes."""
    return store().cached(key, compute)


def store_errors(view: View) -> View:
    """A store being rewritten or never analysed is a 503 page with the reason, not a 500."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except (wb.StoreBusy, wb.StoreMissing) as error:
            return render(request, "workbench/unavailable.html", {"reason": str(error)}, status=503)

    return wrapped


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    working = working_context(request)
    user = _user(request)
    base = {
        "working": working,
        "purposes": sorted(current_policy().purposes.items()),
        "cases": sharing_cases(user),
        "may_decide": may(user, DECIDE_ACTION),
    }
    return render(request, template, {**base, **context})


def _int(value: str | None, default: int) -> int:
    try:
        return max(1, int(value or default))
    except ValueError:
        return default


def priority_query(request: HttpRequest) -> wb.PriorityQuery:
    """The filters of the priorities page; a centre user sees their region unless they ask
    for the whole country."""
    user = _user(request)
    g = request.GET
    scope = g.get("scope", "centre" if user.centre else "national")
    counties = wb.centre_counties(user.centre) if scope == "centre" else None
    sort = g.get("sort", "rank")
    return wb.PriorityQuery(
        counties=counties,
        nace=g.get("nace", "").strip(),
        typology=g.get("typology", ""),
        indicator=g.get("indicator", ""),
        agency=g.get("agency", ""),
        sort=sort if sort in wb.priorities_sorts() else "rank",
        descending=g.get("dir", "desc" if sort == "score" else "asc") == "desc",
        page=_int(g.get("page"), 1),
        per_page=min(_int(g.get("per_page"), 25), 100),
    )


@require_GET
@workbench_view
@store_errors
def priorities(request: HttpRequest) -> HttpResponse:
    query = priority_query(request)
    with store().reader() as backend:
        page = _cached(("priorities", query), lambda: wb.priorities(backend, query))
        sectors = _cached(("sectors",), lambda: wb.sector_codes(backend))
    context = {
        "page": page,
        "query": query,
        "sort_headers": _sort_headers(request, query),
        "prev_link": _link(request, page=query.page - 1),
        "next_link": _link(request, page=query.page + 1),
        "scope": request.GET.get("scope", "centre" if _user(request).centre else "national"),
        "sectors": sectors,
        "typologies": sorted(wb.typologies().items()),
        "indicators": sorted(wb.indicator_names().items()),
        "agencies": wb.origin_agency_codes(),
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "priority-table":
        return render(request, "workbench/partials/priority_table.html", context)
    return _page(request, "workbench/priorities.html", context)


SORT_TITLES = {"rank": "Rank", "score": "Score", "companies": "Companies", "persons": "Persons"}


def _link(request: HttpRequest, **changes: object) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        params[key] = str(value)
    return params.urlencode()


def _sort_headers(request: HttpRequest, query: wb.PriorityQuery) -> list[tuple[str, str, str]]:
    headers = []
    for key, title in SORT_TITLES.items():
        descending = not query.descending if query.sort == key else key != "rank"
        link = _link(request, sort=key, dir="desc" if descending else "asc", page=1)
        headers.append((key, title, link))
    headers.append(("actor", "Threat actor and companies", ""))
    return headers


def _actor(backend: wb.Backend, actor_id: str) -> wb.Actor:
    found = _cached(("actor", actor_id), lambda: wb.actor(backend, actor_id))
    if found is None:
        raise Http404(f"no threat actor {actor_id}")
    return found


@require_GET
@workbench_view
@store_errors
def actor(request: HttpRequest, actor_id: str) -> HttpResponse:
    user, working = _user(request), working_context(request)
    with store().reader() as backend:
        found = _actor(backend, actor_id)
        facts = reads.network(user, working, backend, found)
    graph = facts.value.graph if facts.value else wb.Graph((), ())
    return _page(
        request,
        "workbench/actor.html",
        {
            "actor": found,
            "graph": _graph_json(graph),
            "timeline": facts.value.timeline if facts.value else (),
            "withheld": facts.withheld,
            "subject": actor_id,
        },
    )


def _graph_json(graph: wb.Graph) -> dict[str, Any]:
    return {
        "nodes": [
            {"data": {"id": n.id, "kind": n.kind, "key": n.key, "label": n.label,
                      "member": n.member}}
            for n in graph.nodes
        ],
        "edges": [
            {"data": {"id": e.id, "source": e.source, "target": e.target, "kind": e.kind,
                      "source_file": e.source_file, "records": e.records}}
            for e in graph.edges
        ],
        "more": graph.more,
    }  # fmt: skip


@require_GET
@workbench_view
@store_errors
def actor_expand(request: HttpRequest, actor_id: str) -> JsonResponse:
    node = request.GET.get("node", "")
    try:
        wb.parse_node_id(node)
    except ValueError as error:
        return JsonResponse({"error": str(error)}, status=400)
    user, working = _user(request), working_context(request)
    with store().reader() as backend:
        found = _actor(backend, actor_id)
        facts = reads.expand(user, working, backend, found, node)
    graph = facts.value or wb.Graph((), ())
    return JsonResponse(
        {
            **_graph_json(graph),
            "withheld": [
                {"register": w.register, "agency": w.agency, "reason": w.reason, "remedy": w.remedy}
                for w in facts.withheld
            ],
        }
    )


@require_GET
@workbench_view
@store_errors
def actor_edge(request: HttpRequest, actor_id: str) -> HttpResponse:
    edge_id = request.GET.get("edge", "")
    user, working = _user(request), working_context(request)
    with store().reader() as backend:
        _actor(backend, actor_id)
        try:
            facts = reads.edge(user, working, backend, actor_id, edge_id)
        except ValueError as error:
            return HttpResponse(str(error), status=400, content_type="text/plain")
    return render(
        request,
        "workbench/partials/edge_evidence.html",
        {"edge_id": edge_id, "records": facts.value or (), "withheld": facts.withheld},
    )


def _entity_page(request: HttpRequest, entity: wb.EntityRef, backend: wb.Backend) -> HttpResponse:
    user, working = _user(request), working_context(request)
    facts = reads.entity_page_facts(user, working, backend, entity)
    links = _cached(
        ("links", entity.entity_id, entity.kind),
        lambda: wb.identity_links(backend, entity.entity_id, entity.kind),
    )
    explanation = (
        _cached(("score", entity.key), lambda: wb.score_explanation(backend, entity.key))
        if entity.kind == "company"
        else None
    )
    return _page(
        request,
        "workbench/entity.html",
        {
            "entity": entity,
            "registers": facts.value or (),
            "withheld": facts.withheld,
            "links": links,
            "explanation": explanation,
            "subject": entity.key,
        },
    )


@require_GET
@workbench_view
@store_errors
def company(request: HttpRequest, key: str) -> HttpResponse:
    with store().reader() as backend:
        entity = _cached(("company", key), lambda: wb.company(backend, key))
        if entity is None:
            raise Http404(f"no company {key}")
        return _entity_page(request, entity, backend)


@require_GET
@workbench_view
@store_errors
def person(request: HttpRequest, entity_id: str) -> HttpResponse:
    with store().reader() as backend:
        entity = _cached(("person", entity_id), lambda: wb.person(backend, entity_id))
        if entity is None:
            raise Http404(f"no person {entity_id}")
        return _entity_page(request, entity, backend)


@require_GET
@workbench_view
@store_errors
def company_score(request: HttpRequest, key: str) -> HttpResponse:
    user, working = _user(request), working_context(request)
    with store().reader() as backend:
        entity = _cached(("company", key), lambda: wb.company(backend, key))
        if entity is None or entity.kind != "company":
            raise Http404(f"no company {key}")
        explanation = _cached(
            ("score", entity.key), lambda: wb.score_explanation(backend, entity.key)
        )
        facts = reads.score_evidence(user, working, backend, explanation)
    records = facts.value or {}
    lines = [
        (line, [(ref, records.get(ref)) for ref in line.evidence]) for line in explanation.lines
    ]
    return _page(
        request,
        "workbench/score.html",
        {"entity": entity, "explanation": explanation, "lines": lines,
         "withheld": facts.withheld, "subject": entity.key},
    )  # fmt: skip


@require_GET
@workbench_view
@store_errors
def search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    hits: tuple[wb.SearchHit, ...] = ()
    withheld: tuple[reads.Withheld, ...] = ()
    kind = wb.classify(text) if text else ""
    if text:
        with store().reader() as backend:
            if kind == "vehicle":
                facts = reads.vehicle(_user(request), working_context(request), backend, text)
                hits, withheld = facts.value or (), facts.withheld
            else:
                hits = _cached(("search", text), lambda: wb.search(backend, text))
                if wb.looks_like_address(text):  # residents are confidential: the gateway
                    found = reads.address_residents(
                        _user(request), working_context(request), backend, text
                    )
                    hits, withheld = hits + (found.value or ()), found.withheld
    context = {"q": text, "kind": kind, "hits": hits, "withheld": withheld, "subject": text}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "search-results":
        return render(request, "workbench/partials/search_results.html", context)
    return _page(request, "workbench/search.html", context)


def _back(request: HttpRequest, fallback: str = "/priorities/") -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target or fallback
    return fallback


@require_POST
@workbench_view
def context_set(request: HttpRequest) -> HttpResponse:
    try:
        working: WorkingContext = set_working_context(
            request, request.POST.get("purpose", ""), request.POST.get("case", "")
        )
        messages.info(request, _("Working context: %(now)s.") % {"now": working.describe})
    except ValueError as error:
        messages.error(request, str(error))
    return redirect(_back(request))


@require_POST
@workbench_view
def proportionality_note(request: HttpRequest) -> HttpResponse:
    working = working_context(request)
    if not working.case_id:
        messages.error(request, _("Choose a case in the working context bar first."))
        return redirect(_back(request))
    try:
        case = case_get(case_id=working.case_id)
        proportionality_note_record(
            user=_user(request), case=case, text=request.POST.get("note", "")
        )
        messages.info(
            request, _("Proportionality note recorded on case %(case)s.") % {"case": case.pk}
        )
    except (ValueError, LookupError, Refused) as error:
        messages.error(request, str(error))
    return redirect(_back(request))


@require_POST
@workbench_view
@store_errors
def link_decide(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not may(user, DECIDE_ACTION):
        decision = current_policy().may(user.actor(), DECIDE_ACTION)
        return render(request, "workbench/refused.html", {"reason": decision.reason}, status=403)
    p = request.POST
    try:
        decision_value = wb.parse_link_decision(
            p.get("kind", ""), p.get("left", ""), p.get("right", ""), p.get("verdict", ""),
            user.username, p.get("note", ""),
        )  # fmt: skip
    except ValueError as error:
        messages.error(request, str(error))
        return redirect(_back(request))
    link_decision_record(
        user=user, store=store(), decision=decision_value, entity=p.get("entity", "")
    )
    confirmed = decision_value.verdict == "confirm"
    messages.info(
        request,
        _("Link confirmed; it takes effect on the next analysis run.")
        if confirmed
        else _("Link rejected; it takes effect on the next analysis run."),
    )
    return redirect(_back(request))
