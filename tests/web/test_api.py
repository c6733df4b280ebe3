"""The JSON API: authentication (token, session with CSRF, 401 JSON otherwise), the policy
(withheld facts with the reason, one audit event per read of confidential facts, channel
api), and the routes mirroring the workbench on an analysed store."""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from api_fixtures import Caller, api_store, caller_for, served  # noqa: F401
from django.test import Client

from akrim.domain.registers import BY_PATH, Classification
from akrim.web.api.models import ApiToken
from akrim.web.api.tokens import token_revoke
from akrim.web.audit.models import AuditEntry
from akrim.web.audit.selectors import audit_verify
from akrim.web.cases.services import case_open

pytestmark = pytest.mark.django_db
ROUTES = [
    "/api/priorities",
    "/api/actors/A1",
    "/api/actors/A1/expand?node=company:1",
    "/api/companies/912345678",
    "/api/companies/912345678/score",
    "/api/persons/P1",
    "/api/search?q=bygg",
    "/api/openapi.json",
    "/api/docs",
]


def body(response: Any) -> Any:
    return json.loads(response.content)


def fact_reads() -> list[dict[str, Any]]:
    return [json.loads(e.text) for e in AuditEntry.objects.filter(action="facts.read")]


@pytest.fixture
def analyst(make_user: Any, served: Path) -> Caller:  # noqa: F811
    return caller_for(make_user("nav", "analyst"))


def scored_company(caller: Caller) -> str:
    """A company among the top priorities whose score rests on some indicator evidence."""
    rows = body(caller.get("/api/priorities", scope="national", per_page=20))["rows"]
    for orgnr in (c for row in rows for c in row["companies"]):
        lines = body(caller.get(f"/api/companies/{orgnr}/score"))["lines"]
        if any(line["evidence_refs"] for line in lines):
            return str(orgnr)
    raise AssertionError("no scored company among the top priorities")


def top_company(caller: Caller) -> str:
    page = body(caller.get("/api/priorities", scope="national", per_page=1))
    return str(page["rows"][0]["companies"][0])


@pytest.mark.parametrize("route", ROUTES)
def test_without_sign_in_every_route_is_401_json(route: str, served: Path) -> None:  # noqa: F811
    response = Client().get(route)
    assert response.status_code == 401, (route, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in body(response)


def test_an_unauthenticated_post_is_401_and_writes_nothing(served: Path) -> None:  # noqa: F811
    response = Client().post("/api/links/decisions", {}, content_type="application/json")
    assert response.status_code == 401 and AuditEntry.objects.count() == 0


def test_a_token_works_until_revoked_or_expired(analyst: Caller) -> None:
    assert analyst.get("/api/priorities").status_code == 200
    token = ApiToken.objects.get(user=analyst.user)
    assert token.last_used_at is not None
    assert analyst.token not in {token.digest, token.key_id}  # only a hash is kept
    token_revoke(key_id=f"akr_{token.key_id}", by="test")
    assert analyst.get("/api/priorities").status_code == 401
    assert AuditEntry.objects.filter(action="api.token_revoked").count() == 1


def test_expired_inactive_and_forged_tokens_fail(make_user: Any, served: Path) -> None:  # noqa: F811
    expired = caller_for(make_user("nav", "analyst"))
    ApiToken.objects.filter(user=expired.user).update(expires_at=datetime.now(UTC) - timedelta(1))
    assert expired.get("/api/priorities").status_code == 401
    inactive = caller_for(make_user("nav", "analyst"))
    inactive.user.is_active = False
    inactive.user.save()
    assert inactive.get("/api/priorities").status_code == 401
    forged = Caller(expired.user, expired.token[:-4] + "AAAA", Client())
    assert forged.get("/api/priorities").status_code == 401


def test_a_session_reads_and_needs_the_csrf_token_to_post(make_user: Any, served: Path) -> None:  # noqa: F811
    user = make_user("nav", "analyst")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get("/api/priorities").status_code == 200
    decision = {"kind": "person", "left": "a#1#x", "right": "b#2#y", "verdict": "confirm"}
    refused = client.post("/api/links/decisions", decision, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in body(refused)["detail"]
    csrf = secrets.token_hex(16)  # a CSRF secret as the cookie holds it, sent back in the header
    client.cookies["csrftoken"] = csrf
    accepted = client.post(
        "/api/links/decisions", decision, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert accepted.status_code in (201, 400), accepted.content  # past CSRF: judged on content


def test_the_documents_need_sign_in_and_the_openapi_document_is_valid(analyst: Caller) -> None:
    import schemathesis

    document = analyst.get("/api/openapi.json")
    assert document.status_code == 200
    schema = schemathesis.openapi.from_dict(body(document))
    schema.validate()  # against the OpenAPI meta-schema
    paths = set(body(document)["paths"])
    assert {"/api/priorities", "/api/actors/{actor_id}", "/api/actors/{actor_id}/expand",
            "/api/companies/{key}", "/api/companies/{key}/score", "/api/persons/{entity_id}",
            "/api/search", "/api/links/decisions"} <= paths  # fmt: skip
    session = Client()
    session.force_login(analyst.user)
    page = session.get("/api/docs")
    assert page.status_code == 200 and b"swagger" in page.content.lower()


def test_priorities_filter_sort_and_page(analyst: Caller) -> None:
    first = body(analyst.get("/api/priorities", scope="national", per_page=5))
    assert len(first["rows"]) == 5 and first["page"] == 1 and first["total"] >= 5
    assert [r["rank"] for r in first["rows"]] == sorted(r["rank"] for r in first["rows"])
    second = body(analyst.get("/api/priorities", scope="national", per_page=5, page=2))
    assert {r["actor_id"] for r in first["rows"]}.isdisjoint(r["actor_id"] for r in second["rows"])
    by_score = body(analyst.get("/api/priorities", scope="national", sort="score"))
    scores = [r["score"] for r in by_score["rows"]]
    assert scores == sorted(scores, reverse=True)
    bad = analyst.get("/api/priorities", sort="name")
    assert bad.status_code == 422 and "sort" in body(bad)["detail"]
    assert fact_reads() == []  # the analysis product: no facts read


def test_a_company_shows_own_facts_and_withholds_others_with_the_reason(analyst: Caller) -> None:
    orgnr = top_company(analyst)
    response = analyst.get(f"/api/companies/{orgnr}", purpose="detect")
    assert response.status_code == 200, response.content
    page = body(response)
    withheld = {w["agency"]: w for w in page["withheld"]}
    assert "skatteetaten" in withheld and "open a case" in withheld["skatteetaten"]["reason"]
    assert withheld["skatteetaten"]["remedy"]
    assert all(r["agency"] != "skatteetaten" for r in page["registers"])
    [event] = fact_reads()
    assert event["channel"] == "api" and event["purpose"] == "detect"
    assert event["actor"] == analyst.user.username and event["subject"] == orgnr
    assert page["audit_seq"] == AuditEntry.objects.get(action="facts.read").seq


def test_a_case_with_a_note_shows_the_other_agencys_facts(analyst: Caller) -> None:
    orgnr = top_company(analyst)
    case = case_open(user=analyst.user, title="t", subjects=[orgnr], purpose="detect")
    from akrim.web.cases.services import proportionality_note_record

    proportionality_note_record(user=analyst.user, case=case, text="Needed to size the fraud.")
    page = body(analyst.get(f"/api/companies/{orgnr}", purpose="detect", case=case.pk))
    assert "skatteetaten" not in {w["agency"] for w in page["withheld"]}
    assert fact_reads()[-1]["case_id"] == str(case.pk)


def test_every_fact_route_is_one_audit_event_with_the_purpose(analyst: Caller) -> None:
    orgnr = top_company(analyst)
    actor_id = body(analyst.get("/api/priorities", scope="national", per_page=1))["rows"][0][
        "actor_id"
    ]
    network = body(analyst.get(f"/api/actors/{actor_id}", purpose="stop"))
    node = network["graph"]["nodes"][0]["id"]
    routes = [
        (f"/api/actors/{actor_id}", {}),
        (f"/api/actors/{actor_id}/expand", {"node": node}),
        (f"/api/companies/{orgnr}", {}),
        (f"/api/companies/{scored_company(analyst)}/score", {}),
    ]
    for path, params in routes:
        before = AuditEntry.objects.filter(action="facts.read").count()
        response = analyst.get(path, purpose="stop", **params)
        assert response.status_code == 200, (path, response.content)
        events = fact_reads()[before:]
        # Reads that touch only open registers are not audited (a score may rest on them).
        assert len(events) == (1 if confidential_scopes_read(body(response)) else 0), path
        if events:
            assert events[0]["purpose"] == "stop" and events[0]["channel"] == "api"
            assert body(response)["audit_seq"] == AuditEntry.objects.order_by("seq").last().seq
    assert audit_verify().intact


def confidential_scopes_read(page: dict[str, Any]) -> bool:
    """Whether a response's read asked about any confidential register (shown or withheld)."""
    if any(w["classification"] != "open" for w in page["withheld"]):
        return True
    files = [r["source_file"] for r in page.get("registers", [])]
    files += [ref.split("#")[0] for line in page.get("lines", []) for ref in line["evidence_refs"]]
    files += [e["source_file"] for e in page.get("graph", {}).get("edges", [])]
    return any(BY_PATH[f].classification is not Classification.OPEN for f in files)


def test_roles_that_do_not_read_the_workbench_get_403_with_the_reason(
    make_user: Any,
    served: Path,  # noqa: F811
) -> None:
    auditor = caller_for(make_user("arbeidstilsynet", "auditor"))
    response = auditor.get("/api/priorities")
    assert response.status_code == 403 and "workbench.read" in body(response)["detail"]
    decision = {"kind": "person", "left": "a#1#x", "right": "b#2#y", "verdict": "reject"}
    inspector = caller_for(make_user("arbeidstilsynet", "inspector"))
    assert inspector.post("/api/links/decisions", decision).status_code == 403
    misplaced = caller_for(make_user("nav", "analyst", centre="atlantis"))
    response = misplaced.get("/api/priorities")
    assert response.status_code == 403 and "unknown centre" in body(response)["detail"]


def test_unknown_things_are_404_and_bad_input_400_or_422(analyst: Caller) -> None:
    assert analyst.get("/api/companies/000000000").status_code == 404
    assert analyst.get("/api/actors/nope").status_code == 404
    assert analyst.get("/api/persons/nope").status_code == 404
    assert analyst.get("/api/search", q="bygg", case=999999).status_code == 400
    assert analyst.get("/api/actors/x/expand", node="not-a-node").status_code == 400
    assert analyst.get("/api/priorities", page=0).status_code == 422


def test_search_and_a_link_decision_by_token(analyst: Caller) -> None:
    orgnr = top_company(analyst)
    hits = body(analyst.get("/api/search", q=orgnr))["hits"]
    assert hits and hits[0]["key"] == orgnr
    rows = body(analyst.get("/api/priorities", scope="national", per_page=20))["rows"]
    pages = (body(analyst.get(f"/api/companies/{c}")) for r in rows for c in r["companies"])
    page = next(p for p in pages if p["links"])  # a company that resolution linked
    link = page["links"][0]
    orgnr = page["entity"]["key"]
    decision = {
        "kind": "company",
        "left": link["left"]["reference"],
        "right": link["right"]["reference"],
        "verdict": "reject",
        "note": "two different firms",
        "entity": orgnr,
    }
    response = analyst.post("/api/links/decisions", decision)
    assert response.status_code == 201, response.content
    assert body(response)["verdict"] == "reject"
    [event] = [json.loads(e.text) for e in AuditEntry.objects.filter(action="link.decided")]
    assert event["actor"] == analyst.user.username and event["verdict"] == "reject"


def test_a_store_that_cannot_answer_is_503_not_a_server_error(
    analyst: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    from akrim.engines.backend import BackendError
    from akrim.pipelines import workbench as wb

    def stale(*args: object, **kwargs: object) -> None:
        raise BackendError("Catalog Error: Table with name entity_links does not exist!")

    monkeypatch.setattr(wb, "identity_links", stale)
    response = analyst.get(f"/api/companies/{top_company(analyst)}", purpose="detect")
    assert response.status_code == 503 and "entity_links" in body(response)["detail"]


def test_an_address_search_reads_the_population_register_through_the_gateway(
    analyst: Caller,
) -> None:
    actor_id = body(analyst.get("/api/priorities", scope="national", per_page=1))["rows"][0][
        "actor_id"
    ]
    nodes = body(analyst.get(f"/api/actors/{actor_id}", purpose="detect"))["graph"]["nodes"]
    street = next(n["key"].split("|")[0] for n in nodes if n["kind"] == "address")
    before = AuditEntry.objects.filter(action="facts.read").count()
    found = body(analyst.get("/api/search", q=street, purpose="detect"))
    [event] = fact_reads()[before:]
    assert event["channel"] == "api" and found["audit_seq"] is not None
    # nav reads the population register (Skatteetaten's) only on a case: withheld, with why
    assert [w["agency"] for w in found["withheld"]] == ["skatteetaten"]
    assert "open a case" in found["withheld"][0]["reason"]
