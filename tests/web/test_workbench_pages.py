"""Workbench pages through Django's test client on a small analysed store: the pages render
for centre roles, facts pass the read gateway (a withheld register shows its reason and how
to get access; an allowed confidential read writes exactly one audit event), link decisions
are recorded and audited, and roles outside the centres are refused."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from django.utils.html import escape

from akrim.pipelines import workbench as wb
from akrim.web.audit.models import AuditEntry
from akrim.web.cases.services import case_open, proportionality_note_record
from conftest import MakeUser

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(analysed_tiny_store: Path, settings: object) -> Iterator[Path]:
    settings.STORE = analysed_tiny_store  # type: ignore[attr-defined]
    yield analysed_tiny_store
    wb.workbench_store(analysed_tiny_store).release()


@pytest.fixture
def writable_store(analysed_tiny_store: Path, tmp_path: Path, settings: object) -> Iterator[Path]:
    """A copy for tests that write (link decisions)."""
    copy = tmp_path / "store"
    shutil.copytree(analysed_tiny_store, copy, ignore=shutil.ignore_patterns("*.sqlite3*"))
    settings.STORE = copy  # type: ignore[attr-defined]
    yield copy
    wb.workbench_store(copy).release()


@pytest.fixture
def top(analysed_tiny_store: Path) -> wb.Actor:
    with wb.workbench_store(analysed_tiny_store).reader() as backend:
        actor_id = wb.priorities(backend, wb.PriorityQuery()).rows[0].actor_id
        found = wb.actor(backend, actor_id)
    assert found is not None
    return found


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _reads() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="facts.read").order_by("seq"))


def test_priorities_lists_ranked_actors(store: Path, make_user: MakeUser, top: wb.Actor) -> None:
    client = _client(make_user("skatteetaten", "analyst", centre=""))
    page = client.get("/priorities/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"/actors/{top.actor_id}/" in html and 'data-testid="priority-row"' in html
    sorted_page = client.get(
        "/priorities/?sort=score&dir=asc",
        headers={"HX-Request": "true", "HX-Target": "priority-table"},
    )
    assert sorted_page.status_code == 200 and "context-bar" not in sorted_page.content.decode()
    assert _reads() == []  # the ranking is analysis product: no fact read, no audit event


def test_centre_filter_shows_only_the_region(store: Path, make_user: MakeUser) -> None:
    client = _client(make_user("nav", "analyst", centre="alta"))
    with wb.workbench_store(store).reader() as backend:
        region = wb.priorities(backend, wb.PriorityQuery(counties=wb.centre_counties("alta")))
        everyone = wb.priorities(backend, wb.PriorityQuery())
    assert region.total < everyone.total
    html = client.get("/priorities/").content.decode()
    assert f"{region.total} threat actors" in html
    assert (
        f"{everyone.total} threat actors"
        in client.get("/priorities/?scope=national").content.decode()
    )


def test_network_page_withholds_confidential_edges_without_purpose(
    store: Path, make_user: MakeUser, top: wb.Actor
) -> None:
    client = _client(make_user("nav", "analyst"))
    page = client.get(f"/actors/{top.actor_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="withheld-item"' in html and "declare a purpose" in html
    graph = json.loads(page.context["graph"] and json.dumps(page.context["graph"]))
    assert {e["data"]["source_file"] for e in graph["edges"]} <= {
        "brreg/enheter.json", "brreg/roller.jsonl"
    }  # fmt: skip
    assert len(_reads()) == 1  # one read, with everything confidential withheld


def test_expand_and_edge_evidence(store: Path, make_user: MakeUser, top: wb.Actor) -> None:
    client = _client(make_user("skatteetaten", "analyst"))
    client.post("/workbench/context/", {"purpose": "detect", "case": ""})
    member = f"company:{top.members[0].orgnr}"
    expanded = client.get(f"/actors/{top.actor_id}/expand/", {"node": member}).json()
    kinds = {e["data"]["source_file"] for e in expanded["edges"]}
    assert "skatteetaten/a_melding.csv" in kinds  # own agency's register, purpose declared
    assert any(w["agency"] == "arbeidstilsynet" for w in expanded["withheld"])  # no case
    edge = next(e for e in expanded["edges"] if e["data"]["source_file"].startswith("skatteetaten"))
    before = len(_reads())
    evidence = client.get(f"/actors/{top.actor_id}/edge/", {"edge": edge["data"]["id"]})
    assert evidence.status_code == 200
    assert 'data-testid="provenance"' in evidence.content.decode()
    assert len(_reads()) == before + 1
    assert client.get(f"/actors/{top.actor_id}/expand/", {"node": "nonsense"}).status_code == 400


def test_company_page_shows_facts_with_provenance_and_withheld_reasons(
    store: Path, make_user: MakeUser, top: wb.Actor
) -> None:
    user = make_user("arbeidstilsynet", "analyst")
    client = _client(user)
    orgnr = top.members[0].orgnr
    before = AuditEntry.objects.count()
    html = client.get(f"/companies/{orgnr}/").content.decode()
    assert 'data-register="Enhetsregisteret"' in html  # open register: shown
    assert "open a case on this subject" not in html  # no purpose yet: that is the first ask
    assert "declare a purpose" in html
    assert AuditEntry.objects.count() == before + 1
    client.post("/workbench/context/", {"purpose": "detect"})
    html = client.get(f"/companies/{orgnr}/").content.decode()
    assert "open a case on this subject to read another agency&#x27;s facts" in html
    assert 'data-testid="identity-link"' in html or "A single mention" in html


def test_a_case_with_a_note_opens_other_agencies_facts(
    store: Path, make_user: MakeUser, top: wb.Actor
) -> None:
    user = make_user("arbeidstilsynet", "analyst")
    orgnr = top.members[0].orgnr
    case = case_open(
        user=user, title="t", subjects=[orgnr], purpose="detect", agencies=["skatteetaten"]
    )
    client = _client(user)
    client.post("/workbench/context/", {"purpose": "detect", "case": str(case.pk)})
    html = client.get(f"/companies/{orgnr}/").content.decode()
    assert "record a proportionality note" in html and 'data-testid="note-form"' in html
    proportionality_note_record(
        user=user,
        case=case,
        text="Suspected wage theft at this employer; needed to plan an inspection.",
    )
    before = len(_reads())
    html = client.get(f"/companies/{orgnr}/").content.decode()
    assert 'data-register="a-ordningen"' in html  # the Tax Administration's employer reports
    reads = _reads()
    assert len(reads) == before + 1  # exactly one audit event for the page
    assert "skatteetaten/a-ordningen" in json.loads(reads[-1].text)["shown"]


def test_score_explanation_shows_rationale_and_records(
    store: Path, make_user: MakeUser, top: wb.Actor
) -> None:
    client = _client(make_user("skatteetaten", "analyst"))
    client.post("/workbench/context/", {"purpose": "detect"})
    orgnr = top.members[0].orgnr
    page = client.get(f"/companies/{orgnr}/score/")
    assert page.status_code == 200
    html = page.content.decode()
    explanation = page.context["explanation"]
    assert explanation.lines and 'data-testid="rationale"' in html
    assert escape(explanation.lines[0].rationale) in html  # as the template escapes it


def test_person_page_and_search(store: Path, make_user: MakeUser, top: wb.Actor) -> None:
    client = _client(make_user("skatteetaten", "analyst"))
    orgnr = top.members[0].orgnr
    hits = client.get("/search/", {"q": orgnr}).context["hits"]
    assert [h.key for h in hits] == [orgnr]
    with wb.workbench_store(store).reader() as backend:
        label = wb.company(backend, orgnr)
    assert label is not None and label.label
    folded = label.label.lower().replace("ø", "o").replace("å", "a").replace("æ", "ae")
    assert orgnr in [h.key for h in client.get("/search/", {"q": folded}).context["hits"]]
    graph = client.get(f"/actors/{top.actor_id}/").context["graph"]
    person = next(n["data"]["key"] for n in graph["nodes"] if n["data"]["kind"] == "person")
    assert client.get(f"/persons/{person}/").status_code == 200
    assert client.get("/persons/P-000000000000/").status_code == 404


def test_confirming_a_link_is_recorded_and_audited(
    writable_store: Path, make_user: MakeUser, top: wb.Actor
) -> None:
    client = _client(make_user("skatteetaten", "analyst"))
    orgnr = top.members[0].orgnr
    links = client.get(f"/companies/{orgnr}/").context["links"]
    assert links
    link = links[0]
    response = client.post(
        "/workbench/links/decide/",
        {"kind": "company", "entity": orgnr, "left": link.left.reference,
         "right": link.right.reference, "verdict": "confirm", "next": f"/companies/{orgnr}/"},
    )  # fmt: skip
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="link.decided").get()
    assert (
        json.loads(entry.text)["verdict"] == "confirm"
        and json.loads(entry.text)["left"] == link.left.reference
    )
    after = client.get(f"/companies/{orgnr}/").context["links"]
    assert any(x.decision == "confirm" for x in after)


def test_roles_outside_the_centres_are_refused(store: Path, make_user: MakeUser) -> None:
    for role in ("strategic_analyst", "auditor", "administrator"):
        client = _client(make_user("ntaes", role, centre=""))
        page = client.get("/priorities/")
        assert page.status_code == 403 and 'data-testid="refused"' in page.content.decode()


def test_bad_context_is_refused_with_a_reason(store: Path, make_user: MakeUser) -> None:
    client = _client(make_user("nav", "analyst"))
    response = client.post("/workbench/context/", {"purpose": "curiosity"}, follow=True)
    assert "purpose must be one of" in response.content.decode()


def test_address_search_finds_residents_only_through_the_gateway(
    store: Path, make_user: MakeUser
) -> None:
    with wb.workbench_store(store).reader() as backend:
        node, person = backend.rows(
            "SELECT node, other FROM workbench.adjacency WHERE node_kind = 'address' "
            "AND other_kind = 'person' AND source_file = 'skatteetaten/folkeregister.csv' "
            "ORDER BY node LIMIT 1"
        )[0]
    street = str(node).split("|")[0]
    owner = _client(make_user("skatteetaten", "analyst"))
    owner.post("/workbench/context/", {"purpose": "detect"})
    before = len(_reads())
    page = owner.get("/search/", {"q": street})
    assert person in [h.key for h in page.context["hits"]]
    assert len(_reads()) == before + 1
    other = _client(make_user("nav", "analyst"))
    other.post("/workbench/context/", {"purpose": "detect"})
    page = other.get("/search/", {"q": street})
    assert person not in [h.key for h in page.context["hits"]]
    assert "open a case on this subject" in page.content.decode()
