"""The case pages over HTTP: list with filters and overdue flags, nomination from a priority
(prefilled from the analysed store), facts collected through the gateway, the report drafted
with indicators and exported, the decision, plan, results and evaluation forms."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.test import Client

from akrim.pipelines import workbench as wb
from akrim.web.audit.models import AuditEntry
from akrim.web.cases.models import Case, CaseFact, Measure, MeasureResult
from akrim.web.cases.services import case_nominate
from akrim.web.sharing.models import Disclosure


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def team(make_user):
    return {
        "analyst": make_user("nav", "analyst"),
        "steering": make_user("skatteetaten", "steering_group_member"),
        "control": make_user("politi", "control_group_member"),
        "inspector": make_user("arbeidstilsynet", "inspector"),
        "tax": make_user("skatteetaten", "analyst"),
    }


@pytest.mark.django_db
def test_the_list_flags_overdue_cases_and_filters(team) -> None:
    late = case_nominate(
        user=team["analyst"],
        title="Late one",
        subjects=["912345678"],
        purpose="detect",
        due_date=date.today() - timedelta(days=2),
    )
    case_nominate(user=team["analyst"], title="Fresh", subjects=["912345678"], purpose="detect")
    client = client_for(team["analyst"])
    page = client.get("/cases/").content.decode()
    assert "Late one" in page and "Fresh" in page and page.count('data-testid="overdue-flag"') == 1
    only_late = client.get("/cases/?overdue=1").content.decode()
    assert "Late one" in only_late and "Fresh" not in only_late
    overdue = client.get("/cases/overdue/").content.decode()
    assert f"/cases/{late.pk}/" in overdue
    assert client.get("/cases/?state=closed").content.decode().count('data-testid="case-row"') == 0
    assert client.get("/cases/?state=active").content.decode().count('data-testid="case-row"') == 2
    prefilled = client.get("/cases/new/?subject=912345678&title=Renhold").content.decode()
    assert "912345678</textarea>" in prefilled and 'value="Renhold"' in prefilled


@pytest.mark.django_db
def test_other_centres_and_roles_without_cases_are_kept_out(team, make_user) -> None:
    case = case_nominate(user=team["analyst"], title="T", subjects=["912345678"], purpose="detect")
    bergen = client_for(make_user("nav", "analyst", centre="bergen"))
    assert bergen.get(f"/cases/{case.pk}/").status_code == 404
    auditor = client_for(make_user("nav", "auditor"))
    assert auditor.get(f"/cases/{case.pk}/").status_code == 403
    assert auditor.get("/cases/").status_code == 403


@pytest.mark.django_db
def test_the_cycle_by_its_forms(team, settings, tmp_path: Path) -> None:
    settings.STORE = tmp_path  # no analysed store: the report is drafted without indicators
    analyst, steering, control = (client_for(team[k]) for k in ("analyst", "steering", "control"))
    response = analyst.post(
        "/cases/new/",
        {
            "title": "Renhold AS",
            "subjects": "company 912345678 Renhold AS\nperson 01017012345",
            "purpose": "detect",
            "provision": "s3",
            "source": "manual",
            "due_date": "2027-01-31",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and case.subjects.count() == 2
    url = f"/cases/{case.pk}"
    analyst.post(f"{url}/transition/", {"name": "start_analysis"})
    analyst.post(f"{url}/subjects/", {"subject": "company 987654321 Vikar AS"})
    assert case.subjects.get(subject="987654321").label == "Vikar AS"
    analyst.post(f"{url}/notes/", {"text": "Seen at three sites"})
    analyst.post(f"{url}/osint/", {"title": "Advert", "summary": "90 kr/hour"})
    analyst.post(f"{url}/report/draft/")
    analyst.post(f"{url}/report/edit/", {"section_assessment": "Underpaid workers."})
    pdf = analyst.get(f"{url}/report.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    analyst.post(f"{url}/report/submit/")
    own = client_for(team["analyst"])
    team["analyst"].roles = ["analyst", "steering_group_member"]
    team["analyst"].save()
    refused = own.post(f"{url}/decide/", {"outcome": "approve", "reason": "mine"}, follow=True)
    assert "four-eyes" in refused.content.decode()
    steering.post(f"{url}/decide/", {"outcome": "approve", "reason": "Clear indicators"})
    control.post(f"{url}/transition/", {"name": "plan_measures"})
    control.post(f"{url}/actions/", {"title": "Joint", "on": "2026-12-03", "place": "Drammen"})
    action = case.coordinated_actions.get()
    for kind, agency in (("joint_inspection", "arbeidstilsynet"), ("tax_audit", "skatteetaten")):
        control.post(
            f"{url}/measures/",
            {
                "kind": kind,
                "agency": agency,
                "due_date": "2026-12-03",
                "coordinated_action": action.pk,
            },
        )
    assert case.measures.count() == 2
    control.post(f"{url}/transition/", {"name": "start_measures"})
    inspection = Measure.objects.get(agency="arbeidstilsynet")
    audit = Measure.objects.get(agency="skatteetaten")
    inspector, tax = client_for(team["inspector"]), client_for(team["tax"])
    inspector.post(f"{url}/measures/{inspection.pk}/move/", {"to": "under_way"})
    tax.post(f"{url}/measures/{audit.pk}/move/", {"to": "under_way"})
    wrong = inspector.get(f"{url}/measures/{audit.pk}/result/")
    assert wrong.status_code == 200  # the form shows; recording is refused below
    refused = inspector.post(f"{url}/measures/{audit.pk}/result/", result(tax_claims_amount=1))
    assert "only skatteetaten" in refused.content.decode()
    inspector.post(f"{url}/measures/{inspection.pk}/result/", result(fines=2, fines_amount=80000))
    tax.post(f"{url}/measures/{audit.pk}/result/", result(tax_claims_amount=1200000))
    control.post(f"{url}/transition/", {"name": "complete_results"})
    control.post(
        f"{url}/evaluate/",
        {"summary": "Worked", f"effect_{inspection.pk}": "worked", f"effect_{audit.pk}": "partly"},
    )
    analyst.post(f"{url}/transition/", {"name": "close"})
    case.refresh_from_db()
    assert case.state == "closed"
    assert MeasureResult.objects.filter(agency="skatteetaten").get().tax_claims_amount == 1200000
    history = analyst.get(f"{url}/?tab=history").content.decode()
    for step in ("start_analysis", "submit_report", "approve", "evaluate", "close"):
        assert step in history
    for tab in ("overview", "analysis", "report", "decision", "plan", "results", "evaluation"):
        assert analyst.get(f"{url}/?tab={tab}").status_code == 200


def result(**figures: object) -> dict[str, object]:
    empty = {
        "findings": "",
        "breach_confirmed": "unknown",
        "reporting_year": date.today().year,
        "mark_done": "on",
    }
    numbers = [
        "inspections",
        "orders",
        "stop_orders",
        "fines",
        "fines_amount",
        "tax_claims_amount",
        "wrongful_benefits_amount",
        "police_reports",
        "assets_seized_amount",
        "enterprises_rectified",
        "employees_affected",
        "workers_informed",
    ]
    return {**empty, **dict.fromkeys(numbers, 0), **figures}


@pytest.fixture
def analysed_store(analysed_tiny_store: Path, settings) -> Iterator[Path]:
    """The session's analysed store for the pages; its read connection is closed after the
    test, so later tests in the process may open the store for writing."""
    settings.STORE = analysed_tiny_store
    yield analysed_tiny_store
    wb.workbench_store(analysed_tiny_store).release()


@pytest.mark.django_db
def test_nominate_from_a_priority_and_collect_facts_through_the_gateway(
    team, analysed_store: Path
) -> None:
    analysed_tiny_store = analysed_store
    with wb.workbench_store(analysed_tiny_store).reader() as backend:
        top = wb.priorities(backend, wb.PriorityQuery(per_page=1)).rows[0]
    tax = client_for(team["tax"])
    form = tax.get(f"/cases/new/?actor={top.actor_id}").content.decode()
    assert top.actor_id in form and top.companies[0] in form
    subjects = form.split('name="subjects"')[1].split(">", 1)[1].split("</textarea>")[0]
    tax.post(
        "/cases/new/",
        {
            "title": "From priorities",
            "subjects": subjects.strip(),
            "purpose": "detect",
            "provision": "s3",
            "source": "priority",
            "source_ref": top.actor_id,
        },
    )
    case = Case.objects.get()
    assert case.source == "priority" and case.source_ref == top.actor_id
    assert case.subjects.filter(kind="network", subject=top.actor_id).exists()
    url = f"/cases/{case.pk}"
    tax.post(f"{url}/transition/", {"name": "start_analysis"})
    orgnr = top.companies[0]
    tax.post(
        f"{url}/facts/",
        {"subject": orgnr, "proportionality_note": "Indicators of wage theft need sizing."},
    )
    facts = CaseFact.objects.filter(case=case)
    assert facts.exists() and all(f.provenance.get("source_file") for f in facts)
    [read] = [json.loads(e.text) for e in AuditEntry.objects.filter(action="facts.read")]
    assert read["case_id"] == str(case.pk) and read["subject"] == orgnr
    crossed = {f.agency for f in facts} - {"skatteetaten", "brreg"}
    assert {d.from_agency for d in Disclosure.objects.all()} >= crossed
    tax.post(f"{url}/report/draft/")
    report = case.reports.get()
    assert report.facts and report.indicators
    dated = [e for e in report.timeline if " / " in e["event"]]  # facts on their own dates
    assert dated and all(e["date"] < date.today().isoformat() for e in dated)
    assert any(top.actor_id in s["text"] for s in report.sections if s["key"] == "network")
