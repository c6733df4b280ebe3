"""The report PDF: it says what the case holds (subjects, indicators, facts with their
provenance, non-Latin names) and it renders (a page is drawn to a PNG under test-artifacts/)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from akrim.domain.access import FactScope
from akrim.domain.registers import Classification
from akrim.web.audit.models import AuditEntry
from akrim.web.cases.material import FactRow, facts_collect, osint_add
from akrim.web.cases.models import CaseSubject
from akrim.web.cases.report_pdf import FACTS_PER_REGISTER, report_export
from akrim.web.cases.reports import (
    IndicatorLine,
    report_draft,
    report_edit,
    report_submit,
    steering_decide,
)
from akrim.web.cases.services import SubjectSpec, case_nominate, case_transition

ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"
ORG = "912345678"
PERSON = "01017012345"
TAX = FactScope("skatteetaten", Classification.CONFIDENTIAL, "a-ordningen", ORG, ("income",))


def tax_facts(scopes: Sequence[FactScope]) -> list[FactRow]:
    return [
        FactRow(
            s.agency,
            s.register,
            "Reported wages 41 000 kr for 6 workers",
            {
                "delivery_id": "d-2026-10",
                "source_file": "a_melding.csv",
                "line": 17,
                "extract_date": "2026-10-05",
            },
        )
        for s in scopes
    ]


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    pages = (document[i].get_textpage().get_text_range() for i in range(len(document)))
    return " ".join(" ".join(pages).split())  # table cells wrap: compare words, not lines


@pytest.fixture
def report_case(make_user):
    analyst = make_user("nav", "analyst")
    case = case_nominate(
        user=analyst,
        title="Byggfirma Ærlig og Søn",
        subjects=[
            SubjectSpec(ORG, CaseSubject.Kind.COMPANY, "Byggfirma Ærlig og Søn AS"),
            SubjectSpec(PERSON, CaseSubject.Kind.PERSON, "Łukasz Wiśniewski"),
        ],
        purpose="detect",
    )
    case_transition(user=analyst, case=case, name="start_analysis")
    facts_collect(
        user=analyst,
        case=case,
        subject=ORG,
        scopes=[TAX],
        load=tax_facts,
        proportionality_note="Wage theft suspected; tax facts size the loss to workers.",
    )
    osint_add(user=analyst, case=case, title="Advert", summary="Work for 90 kr/hour")
    report_draft(
        user=analyst,
        case=case,
        indicators=[
            IndicatorLine(ORG, "wage_below_minimum", 4.5, "Hourly wages under the minimum wage"),
            IndicatorLine(PERSON, "shadow_director", 3.0, "Runs three firms without a role"),
        ],
        network_summary="Three firms share one manager and one address.",
    )
    return analyst, case


@pytest.mark.django_db
def test_the_pdf_holds_subjects_indicators_and_provenance(report_case) -> None:
    analyst, case = report_case
    report = report_edit(
        user=analyst, case=case, sections={"assessment": "Workers are paid kr 90 per hour."}
    )
    data = report_export(user=analyst, report=report)
    text = pdf_text(data)
    for expected in (
        ORG,
        PERSON,
        "Byggfirma Ærlig og Søn AS",
        "Łukasz Wiśniewski",
        "wage_below_minimum",
        "Hourly wages under the minimum wage",
        "shadow_director",
        "Reported wages 41 000 kr",
        "d-2026-10",
        "a_melding.csv",
        "line 17",
        "2026-10-05",
        "skatteetaten / a-ordningen",
        "§ 3",
        "Workers are paid kr 90 per hour.",
        "Three firms share one manager",
        "version 2",
    ):
        assert expected in text, expected
    [exported] = [
        json.loads(e.text) for e in AuditEntry.objects.filter(action="case.report_exported")
    ]
    assert exported["version"] == 2 and len(exported["sha256"]) == 64


@pytest.mark.django_db
def test_the_pdf_renders_to_an_image(report_case) -> None:
    analyst, case = report_case
    data = report_export(user=analyst, report=case.reports.get(version=1))
    page = pdfium.PdfDocument(data)[0]
    image = page.render(scale=1.5).to_pil()
    ARTIFACTS.mkdir(exist_ok=True)
    image.save(ARTIFACTS / "case-report-page1.png")
    width, height = image.size
    assert (width, height) == (round(595.28 * 1.5), round(841.89 * 1.5))  # A4
    # Something is drawn: a share of the pixels is dark (text), not a blank page.
    grey = image.convert("L")
    dark = sum(grey.histogram()[:128])
    assert dark > 0.005 * width * height


@pytest.mark.django_db
def test_the_pdf_shows_the_steering_decisions(report_case, make_user) -> None:
    analyst, case = report_case
    report = report_submit(user=analyst, case=case)
    steering = make_user("skatteetaten", "steering_group_member")
    steering_decide(user=steering, case=case, outcome="return", reason="Size the wage loss first")
    text = pdf_text(report_export(user=steering, report=report))
    assert "Steering-group decisions" in text and "Size the wage loss first" in text
    assert "return" in text and "(skatteetaten) Size the wage loss first" in text


@pytest.mark.django_db
def test_a_long_register_is_summarised_with_a_count(report_case) -> None:
    analyst, case = report_case
    report = case.reports.get(version=1)
    one = report.facts[0]
    report.facts = [{**one, "statement": f"record {i:03d}"} for i in range(FACTS_PER_REGISTER + 3)]
    report.save(update_fields=["facts"])
    text = pdf_text(report_export(user=analyst, report=report))
    assert f"record {FACTS_PER_REGISTER - 1:03d}" in text
    assert f"record {FACTS_PER_REGISTER:03d}" not in text
    assert f"and 3 more records of skatteetaten / a-ordningen about {ORG}" in text
