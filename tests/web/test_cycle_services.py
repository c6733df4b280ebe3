"""One case through the whole cycle by the services, with users of three agencies: every
step is refused to the wrong people, allowed to the right ones, and audited in the chain."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from akrim.domain.access import FactScope
from akrim.domain.registers import Classification
from akrim.web.audit.models import AuditEntry
from akrim.web.audit.selectors import audit_verify
from akrim.web.cases import measures as ms
from akrim.web.cases.material import (
    FactRow,
    attachment_add,
    attachment_open,
    facts_collect,
    note_add,
    osint_add,
)
from akrim.web.cases.models import Case, CaseStateChange, MeasureResult
from akrim.web.cases.reports import IndicatorLine, report_draft, report_submit, steering_decide
from akrim.web.cases.selectors import CaseFilter, case_list, overdue_cases, overdue_measures
from akrim.web.cases.services import (
    SubjectSpec,
    WorkflowRefused,
    case_nominate,
    case_transition,
    case_update,
)
from akrim.web.sharing.policy import Refused

ORG = "912345678"
TAX = FactScope("skatteetaten", Classification.CONFIDENTIAL, "a-ordningen", ORG, ("income",))
NOTE = "Workers paid far below the minimum wage; tax facts size the loss."


def tax_facts(scopes: Sequence[FactScope]) -> list[FactRow]:
    return [
        FactRow(
            s.agency,
            s.register,
            "Reported wages 41 000 kr for 6 workers in 2026-09",
            {
                "delivery_id": "d-2026-10",
                "source_file": "a_melding.csv",
                "line": 17,
                "date": "2026-09-30",
            },
        )
        for s in scopes
    ]


@pytest.fixture
def people(make_user):
    return {
        "analyst": make_user("nav", "analyst"),
        "analyst2": make_user("nav", "analyst"),
        "steering": make_user("skatteetaten", "steering_group_member"),
        "control": make_user("arbeidstilsynet", "control_group_member"),
        "inspector": make_user("arbeidstilsynet", "inspector"),
        "tax": make_user("skatteetaten", "inspector"),
    }


def actions(case: Case) -> list[str]:
    return list(
        AuditEntry.objects.filter(case_id=str(case.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


@pytest.mark.django_db
def test_one_case_through_the_whole_cycle(people, settings, tmp_path: Path) -> None:
    settings.STORE = tmp_path
    p = people
    case = case_nominate(
        user=p["analyst"],
        title="Cleaning network Øst",
        subjects=[ORG, "net-7"],
        purpose="detect",
        source="priority",
        source_ref="net-7",
        due_date=date.today() + timedelta(days=30),
    )
    assert case.state == "nominated" and case.owner == p["analyst"]
    case_transition(user=p["analyst"], case=case, name="start_analysis")
    note_add(user=p["analyst"], case=case, text="Same manager as in 2024 case.")
    attachment = attachment_add(
        user=p["analyst"], case=case, upload=SimpleUploadedFile("foto.jpg", b"\xff\xd8jpeg")
    )
    assert (tmp_path / "case-files").is_dir() and Path(attachment.file.path).read_bytes()
    with attachment_open(user=p["steering"], attachment=attachment) as opened:
        assert opened.read() == b"\xff\xd8jpeg"
    osint_add(
        user=p["analyst"],
        case=case,
        title="Job advert in Polish",
        summary="Advert offers 120 kr/hour",
        source_url="https://example.org/ad",
        observed_on=date(2026, 8, 1),
    )
    outcome = facts_collect(
        user=p["analyst"],
        case=case,
        subject=ORG,
        scopes=[TAX],
        load=tax_facts,
        proportionality_note=NOTE,
    )
    assert outcome.shown == [TAX] and case.facts.count() == 1
    again = facts_collect(user=p["analyst"], case=case, subject=ORG, scopes=[TAX], load=tax_facts)
    assert again.shown == [TAX] and case.facts.count() == 1  # read again, kept once
    assert "§ 3" in case.facts.get().legal_basis
    report = report_draft(
        user=p["analyst"],
        case=case,
        indicators=[IndicatorLine(ORG, "wage_below_minimum", 4.0, "Wages under the minimum")],
        network_summary="Three companies share a manager.",
    )
    assert report.version == 1 and report.facts[0]["provenance"]["line"] == 17
    report_submit(user=p["analyst"], case=case)

    steering_decide(user=p["steering"], case=case, outcome="approve", reason="Strong indicators")
    case_transition(user=p["control"], case=case, name="plan_measures")
    joint = ms.coordinated_action_create(
        user=p["control"], case=case, title="Joint action", on=date(2026, 12, 3), place="Oslo"
    )
    inspection = ms.measure_plan(
        user=p["control"],
        case=case,
        kind="joint_inspection",
        agency="arbeidstilsynet",
        due_date=date(2026, 12, 3),
        coordinated_action=joint,
    )
    audit = ms.measure_plan(
        user=p["control"],
        case=case,
        kind="tax_audit",
        agency="skatteetaten",
        due_date=date(2026, 12, 20),
        coordinated_action=joint,
    )
    assert {"arbeidstilsynet", "skatteetaten", "nav"} <= set(case.agencies)
    case_transition(user=p["control"], case=case, name="start_measures")
    for measure, user in ((inspection, p["inspector"]), (audit, p["tax"])):
        ms.measure_move(user=user, measure=measure, to="under_way")
    with pytest.raises(WorkflowRefused, match="only arbeidstilsynet"):
        ms.measure_result_record(user=p["tax"], measure=inspection, figures=ms.ResultFigures())
    ms.measure_result_record(
        user=p["inspector"],
        measure=inspection,
        figures=ms.ResultFigures(
            findings="No contracts",
            orders=3,
            fines=1,
            fines_amount=Decimal("150000"),
            inspections=2,
            employees_affected=14,
            breach_confirmed=True,
        ),
    )
    ms.measure_result_record(
        user=p["tax"],
        measure=audit,
        figures=ms.ResultFigures(tax_claims_amount=Decimal("2300000.50")),
    )
    case_transition(user=p["control"], case=case, name="complete_results")
    ms.case_evaluate(
        user=p["control"],
        case=case,
        summary="The inspection stopped the practice.",
        effects={inspection.pk: "worked", audit.pk: "partly"},
    )
    case_transition(user=p["analyst"], case=case, name="close")

    case.refresh_from_db()
    assert case.state == "closed" and case.closed_at is not None
    assert [c.to_state for c in CaseStateChange.objects.filter(case=case)] == [
        "in_analysis",
        "report_submitted",
        "approved",
        "control_planning",
        "measures_under_way",
        "results_recorded",
        "evaluated",
        "closed",
    ]
    totals = {r.agency: r for r in MeasureResult.objects.all()}
    assert totals["arbeidstilsynet"].fines_amount == Decimal("150000")
    assert totals["skatteetaten"].reporting_year == date.today().year
    logged = actions(case)
    for action in (
        "case.opened",
        "case.material_read",
        "case.transition",
        "case.material_added",
        "facts.read",
        "case.proportionality_noted",
        "case.report_drafted",
        "case.steering_decided",
        "measure.coordinated",
        "measure.planned",
        "measure.changed",
        "measure.result_recorded",
        "case.evaluated",
    ):
        assert action in logged, action
    assert logged.count("case.transition") == 8
    assert logged.count("case.material_added") == 4  # note, attachment, finding, facts once
    assert audit_verify().intact


@pytest.fixture
def submitted(people) -> Case:
    p = people
    case = case_nominate(user=p["analyst"], title="T", subjects=[ORG], purpose="detect")
    case_transition(user=p["analyst"], case=case, name="start_analysis")
    report_draft(user=p["analyst"], case=case)
    report_submit(user=p["analyst2"], case=case)  # a colleague submits
    return case


@pytest.mark.django_db
def test_four_eyes_the_opener_and_the_submitter_cannot_approve(people, submitted, make_user):
    for name in ("analyst", "analyst2"):
        people[name].roles = [*people[name].roles, "steering_group_member"]
        people[name].save()
        with pytest.raises(WorkflowRefused, match="four-eyes"):
            steering_decide(user=people[name], case=submitted, outcome="approve", reason="ok")
    submitted.refresh_from_db()
    assert submitted.state == "report_submitted"
    assert not AuditEntry.objects.filter(action="case.steering_decided").exists()
    steering_decide(user=people["steering"], case=submitted, outcome="approve", reason="ok")
    assert Case.objects.get(pk=submitted.pk).state == "approved"


@pytest.mark.django_db
def test_steps_with_a_record_are_made_only_by_their_service(people, submitted) -> None:
    with pytest.raises(WorkflowRefused, match="approve is made with its decision form"):
        case_transition(user=people["steering"], case=submitted, name="approve", reason="ok")
    assert Case.objects.get(pk=submitted.pk).state == "report_submitted"
    assert not submitted.decisions.exists()


@pytest.mark.django_db
def test_a_returned_case_goes_back_to_analysis(people, submitted) -> None:
    steering_decide(user=people["steering"], case=submitted, outcome="return", reason="Thin")
    assert Case.objects.get(pk=submitted.pk).state == "returned"
    note_add(user=people["analyst"], case=submitted, text="More facts")  # analysis goes on
    case_transition(user=people["analyst"], case=submitted, name="resume_analysis")
    assert Case.objects.get(pk=submitted.pk).state == "in_analysis"


@pytest.mark.django_db
def test_wrong_roles_and_states_are_refused_and_nothing_is_written(people, submitted) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(WorkflowRefused, match="needs one of the roles"):
        steering_decide(user=people["control"], case=submitted, outcome="approve", reason="x")
    with pytest.raises(WorkflowRefused, match="cannot plan_measures"):
        case_transition(user=people["control"], case=submitted, name="plan_measures")
    with pytest.raises(ValueError, match="only when"):
        note_add(user=people["analyst"], case=submitted, text="late note")
    with pytest.raises(ValueError, match="only when"):
        ms.measure_plan(
            user=people["control"],
            case=submitted,
            kind="tax_audit",
            agency="skatteetaten",
            due_date=None,
        )
    with pytest.raises(Refused):
        report_draft(user=people["steering"], case=submitted)
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_overdue_cases_and_measures(people) -> None:
    p = people
    late = case_nominate(
        user=p["analyst"],
        title="Late",
        subjects=[ORG],
        purpose="detect",
        due_date=date.today() - timedelta(days=1),
    )
    on_time = case_nominate(
        user=p["analyst"], title="On time", subjects=[ORG], purpose="detect", due_date=date.today()
    )
    assert list(overdue_cases()) == [late]
    case_transition(user=p["analyst"], case=late, name="drop", reason="no longer relevant")
    assert list(overdue_cases()) == []

    case = Case.objects.create(
        title="Planning",
        purpose="detect",
        provision="s3",
        state="control_planning",
        opened_by=p["analyst"],
        centre="oslo",
    )
    measure = ms.measure_plan(
        user=p["control"],
        case=case,
        kind="benefit_review",
        agency="nav",
        due_date=date.today() - timedelta(days=3),
    )
    assert list(overdue_measures()) == [measure]
    listed = case_list(user=p["analyst"], filters=CaseFilter(overdue=True))
    assert list(listed) == [case]
    ms.measure_move(user=p["control"], measure=measure, to="cancelled")
    assert list(overdue_measures()) == []
    assert on_time not in overdue_cases()


@pytest.mark.django_db
def test_owner_and_due_date_changes_are_audited(people) -> None:
    p = people
    case = case_nominate(user=p["analyst"], title="T", subjects=[ORG], purpose="detect")
    case_update(user=p["analyst"], case=case, owner=p["analyst2"], due_date=date(2027, 1, 31))
    [event] = [json.loads(e.text) for e in AuditEntry.objects.filter(action="case.updated")]
    assert event["changes"] == [["owner", p["analyst2"].username], ["due_date", "2027-01-31"]]


@pytest.mark.django_db
def test_nomination_from_a_tip_checks_its_input(people) -> None:
    with pytest.raises(ValueError, match="purpose"):
        case_nominate(user=people["analyst"], title="T", subjects=[ORG], purpose="curiosity")
    with pytest.raises(ValueError, match="at least one subject"):
        case_nominate(user=people["analyst"], title="T", subjects=[" "], purpose="detect")
    with pytest.raises(ValueError):
        case_nominate(
            user=people["analyst"], title="T", subjects=[ORG], purpose="detect", source="rumour"
        )
    with pytest.raises(ValueError, match="kind must be one of"):
        case_nominate(
            user=people["analyst"],
            title="T",
            subjects=[SubjectSpec("AB12345", "vehicle")],
            purpose="detect",
        )
    with pytest.raises(Refused):
        case_nominate(user=people["inspector"], title="T", subjects=[ORG], purpose="detect")
    case = case_nominate(
        user=people["analyst"],
        title="Tip 12",
        subjects=[ORG],
        purpose="detect",
        source="tip",
        source_ref="12",
    )
    [opened] = [json.loads(e.text) for e in AuditEntry.objects.filter(action="case.opened")]
    assert (opened["source"], opened["source_ref"], case.source) == ("tip", "12", "tip")
