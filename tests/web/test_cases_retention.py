"""The retention purge on a case that went through the whole cycle: the material that can
name or describe someone goes (files included), the number, states and result figures stay."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from akrim.domain.access import FactScope
from akrim.domain.registers import Classification
from akrim.web.cases import measures as ms
from akrim.web.cases.material import FactRow, attachment_add, facts_collect, note_add, osint_add
from akrim.web.cases.models import Case
from akrim.web.cases.reports import report_draft, report_submit, steering_decide
from akrim.web.cases.retention import PURGED_TEXT
from akrim.web.cases.services import case_nominate, case_transition
from akrim.web.dataprotection.services import PURGED_TITLE, retention_purge

ORG = "912345678"
TAX = FactScope("skatteetaten", Classification.CONFIDENTIAL, "a-ordningen", ORG, ("income",))


def facts(scopes: Sequence[FactScope]) -> list[FactRow]:
    return [FactRow(s.agency, s.register, "Ola Nordmann earned 1 kr", {"line": 3}) for s in scopes]


def whole_cycle(make_user, tmp_path: Path) -> tuple[Case, Path]:
    analyst = make_user("nav", "analyst")
    control = make_user("arbeidstilsynet", "control_group_member")
    inspector = make_user("arbeidstilsynet", "inspector")
    case = case_nominate(
        user=analyst,
        title="Ola's firm",
        subjects=[ORG],
        purpose="detect",
        description="Ola Nordmann runs it",
    )
    case_transition(user=analyst, case=case, name="start_analysis")
    note_add(user=analyst, case=case, text="Ola lives at Storgata 1")
    upload = SimpleUploadedFile("ola.txt", b"passport scan")
    file = Path(attachment_add(user=analyst, case=case, upload=upload).file.path)
    osint_add(user=analyst, case=case, title="Ola on Facebook", summary="Photos of the site")
    facts_collect(
        user=analyst,
        case=case,
        subject=ORG,
        scopes=[TAX],
        load=facts,
        proportionality_note="Needed to size the wage theft against workers.",
    )
    report_draft(user=analyst, case=case, network_summary="Ola and his brother")
    report_submit(user=analyst, case=case)
    steering = make_user("skatteetaten", "steering_group_member")
    steering_decide(user=steering, case=case, outcome="approve", reason="Ola must be stopped")
    case_transition(user=control, case=case, name="plan_measures")
    measure = ms.measure_plan(
        user=control,
        case=case,
        kind="joint_inspection",
        agency="arbeidstilsynet",
        due_date=date.today(),
        description="Visit Ola's site",
    )
    case_transition(user=control, case=case, name="start_measures")
    ms.measure_move(user=inspector, measure=measure, to="under_way")
    ms.measure_result_record(
        user=inspector,
        measure=measure,
        figures=ms.ResultFigures(
            findings="Ola had no contracts", fines=1, fines_amount=Decimal(90000)
        ),
    )
    case_transition(user=control, case=case, name="complete_results")
    ms.case_evaluate(
        user=control,
        case=case,
        summary="Ola stopped",
        effects={measure.pk: "worked"},
        notes={measure.pk: "Ola moved"},
    )
    case_transition(user=analyst, case=case, name="close")
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=2000))
    return case, file


@pytest.mark.django_db
def test_the_purge_removes_a_closed_cases_material_and_keeps_its_figures(
    make_user, settings, tmp_path: Path
) -> None:
    settings.STORE = tmp_path
    case, file = whole_cycle(make_user, tmp_path)
    assert file.exists()
    assert retention_purge(by="dpo").removed["closed_cases"] == 1
    case.refresh_from_db()
    assert case.title == PURGED_TITLE and case.description == "" and not file.exists()
    for material in (
        "subjects",
        "proportionality_notes",
        "notes",
        "attachments",
        "osint_findings",
        "facts",
    ):
        assert not getattr(case, material).exists(), material
    report = case.reports.get()
    assert (report.sections, report.facts, report.title) == ([], [], PURGED_TEXT)
    assert case.decisions.get().reason == PURGED_TEXT and case.decisions.get().outcome == "approve"
    measure = case.measures.get()
    assert (measure.description, measure.effect_note, measure.effect) == ("", "", "worked")
    result = measure.results.get()
    assert result.findings == PURGED_TEXT and result.fines_amount == Decimal(90000)
    assert case.evaluation.summary == PURGED_TEXT
    assert "Ola" not in " ".join(case.state_changes.values_list("reason", flat=True))
    assert case.state == "closed" and case.state_changes.count() == 8
