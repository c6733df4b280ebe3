"""Results dashboard and evaluation: a centre sees its own figures per year and agency, national
users see every centre through disclosure control, the CSV says the same, charts render without
script, and the evaluation shows verdicts, risk before and after, and re-nomination."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from django.test import Client

from akrim.web.audit.models import AuditEntry
from akrim.web.cases.models import Case, CaseSubject, Measure, MeasureResult
from akrim.web.outcomes.charts import bar_chart
from akrim.web.outcomes.selectors import centre_dashboard, national_dashboard

pytestmark = pytest.mark.django_db


def _case(user, centre: str, subjects: tuple[str, ...] = ("911111111",), **fields) -> Case:
    case = Case.objects.create(
        title="c", centre=centre, purpose="detect", provision="s3", opened_by=user,
        state="results_recorded", agencies=["arbeidstilsynet"], **fields,
    )  # fmt: skip
    for s in subjects:
        CaseSubject.objects.create(case=case, subject=s, kind="company")
    return case


def _result(user, case: Case, agency: str, year: int, kind: str = "joint_inspection", **figures):
    measure = Measure.objects.create(
        case=case, kind=kind, agency=agency, state="done", created_by=user,
        done_on=dt.date(year, 3, 1),
    )  # fmt: skip
    return MeasureResult.objects.create(
        measure=measure, agency=agency, centre=case.centre, reporting_year=year,
        recorded_by=user, **figures,
    )  # fmt: skip


@pytest.fixture
def results(make_user):
    """Oslo: 6 cases over two years and two agencies; Bergen: 2 cases (fewer than k=5)."""
    lead = make_user("arbeidstilsynet", "analyst")
    for i in range(6):
        case = _case(lead, "oslo")
        _result(lead, case, "arbeidstilsynet", 2025 + i % 2, inspections=1,
                fines=1, fines_amount=Decimal("100000"), enterprises_rectified=1,
                employees_affected=10)  # fmt: skip
        if i < 2:
            _result(lead, case, "nav", 2026, wrongful_benefits_amount=Decimal("50000"))
    for _ in range(2):
        _result(lead, _case(lead, "bergen"), "skatteetaten", 2026, police_reports=1,
                fines_amount=Decimal("999"))  # fmt: skip
    return lead


def test_a_centre_sees_its_own_figures_per_year_and_agency(results) -> None:
    board = centre_dashboard(centre="oslo")
    assert board.years == (2025, 2026) and not board.controlled
    by_year = {r.label: r for r in board.by_year}
    assert by_year["2025"].cases == 3 and by_year["2026"].cases == 4  # case 0: nav in 2026
    assert by_year["2026"].figures["fines_amount"] == Decimal("300000")
    assert by_year["2026"].figures["wrongful_benefits_amount"] == Decimal("100000")
    assert by_year["2025"].figures["employees_affected"] == 30
    agencies = {r.label: r for r in board.breakdown[2026]}
    assert set(agencies) == {"arbeidstilsynet", "nav"} and agencies["nav"].cases == 2
    assert all(r.figures["police_reports"] == 0 for r in board.by_year)  # no Bergen figures


def test_the_national_view_withholds_small_centres(results) -> None:
    board = national_dashboard(k=3)
    rows = {r.label: r for r in board.breakdown[2026]}
    totals = {r.label: r for r in board.by_year}
    assert rows["bergen"].figures is None and rows["bergen"].cases is None  # 2 cases < k
    # Bergen must not follow from what is shown (the 2026 total minus Oslo's 2026 cell).
    assert totals["2026"].figures is None or rows["oslo"].figures is None
    assert totals["2025"].figures is not None and totals["2025"].cases == 3
    assert board.withheld >= 3
    refused = national_dashboard(k=20)
    assert refused.refused and not refused.by_year


def test_a_national_user_can_pick_one_centre(results, make_user, settings) -> None:
    from akrim.web.outcomes.selectors import dashboard_for

    settings.AKRIM_DISCLOSURE_K = 3
    national = make_user("arbeidstilsynet", "analyst", centre="")
    board = dashboard_for(user=national, centre="oslo")
    assert board.scope == "oslo" and board.controlled
    assert all(r.label == "oslo" for rows in board.breakdown.values() for r in rows)
    assert {r.label: r.cases for r in board.by_year}["2025"] == 3
    bergen = dashboard_for(user=national, centre="bergen")
    assert {r.label: r.figures for r in bergen.by_year}["2026"] is None  # withheld
    own = dashboard_for(user=make_user("nav", "analyst", centre="bergen"), centre="oslo")
    assert own.scope == "bergen" and not own.controlled  # a centre user sees only their own


def test_pages_and_csv_by_role_and_centre(results, make_user) -> None:
    client = Client()
    client.force_login(make_user("nav", "analyst", centre="oslo"))
    page = client.get("/results/")
    assert (
        page.status_code == 200
        and b"<svg" in page.content
        and b"<script" not in page.content.split(b"<main")[1]
    )
    html = page.content.decode()
    assert "300 000" in html and "bergen" not in html
    exported = client.get("/results/export.csv")
    lines = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode())))
    first = next(r for r in lines if r["year"] == "2026" and r["agency"] == "*")
    assert first["scope"] == "oslo" and first["fines_amount"] == "300000.00"
    assert AuditEntry.objects.filter(action="strategic.release").count() == 1
    client.force_login(make_user("politi", "auditor", centre=""))
    assert client.get("/results/").status_code == 403


def test_national_users_get_withheld_cells_in_page_and_csv(results, make_user, settings) -> None:
    settings.AKRIM_DISCLOSURE_K = 3
    client = Client()
    client.force_login(make_user("ntaes", "strategic_analyst", centre=""))
    page = client.get("/results/")
    assert page.status_code == 200 and b"withheld" in page.content
    exported = b"".join(client.get("/results/export.csv").streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(exported)))
    bergen = next(r for r in rows if r["centre"] == "bergen")
    assert bergen["cases"] == "withheld" and bergen["fines_amount"] == "withheld"
    assert "999" not in exported


def test_charts_escape_labels_and_show_withheld_slots() -> None:
    svg = str(bar_chart("Fines <b>", [("2025", Decimal(5)), ("<2026>", None)]))
    assert "<b>" not in svg and "&lt;2026&gt;" in svg and "withheld" in svg


def _scores(store: Path, rows: list[tuple[str, str, float, str]]) -> None:
    store.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(store / "analytics.duckdb")) as db:
        db.execute("CREATE SCHEMA feedback")
        db.execute(
            "CREATE TABLE feedback.subject_scores (run_at TIMESTAMP, subject VARCHAR, "
            "score DOUBLE, indicators VARCHAR, actor_id VARCHAR)"
        )
        for run_at, subject, score, indicators in rows:
            db.execute(
                "INSERT INTO feedback.subject_scores VALUES (?, ?, ?, ?, '')",
                [run_at, subject, score, indicators],
            )


def test_evaluation_shows_risk_before_and_after_and_renomination(
    make_user, settings, tmp_path: Path
) -> None:
    settings.STORE = tmp_path / "store"
    _scores(settings.STORE, [
        ("2025-01-10", "911111111", 8.0, "WAGE_BELOW_MINIMUM"),
        ("2025-09-10", "911111111", 2.0, "WAGE_BELOW_MINIMUM LONG_HOURS"),
        ("2025-01-10", "922222222", 4.0, "LONG_HOURS"),
        ("2025-09-10", "922222222", 5.0, "LONG_HOURS"),
    ])  # fmt: skip
    lead = make_user("arbeidstilsynet", "analyst")
    case = _case(lead, "oslo", ("911111111", "922222222"))
    result = _result(lead, case, "arbeidstilsynet", 2025, fines=1)
    MeasureResult.objects.filter(pk=result.pk).update(
        recorded_at=dt.datetime(2025, 3, 2, tzinfo=dt.UTC)
    )
    Measure.objects.filter(case=case).update(effect="worked", effect_note="stopped")
    later = _case(lead, "oslo", ("922222222",))
    Case.objects.filter(pk=later.pk).update(opened_at=dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    client = Client()
    client.force_login(lead)
    page = client.get(f"/results/evaluation/case/{case.pk}/?months=12").content.decode()
    assert "worked" in page and "stopped" in page
    assert "-6.00" in page and "1.00" in page and "LONG_HOURS" in page
    overview = client.get("/results/evaluation/?months=12").content.decode()
    row = overview.split('data-kind="joint_inspection"')[1].split("</tr>")[0]
    assert "-2.50" in row  # mean of -6 and +1
    assert "50 %" in row  # one of two subjects nominated again
    assert 'data-kind="all cases"' in overview  # the reference row
    client.force_login(make_user("nav", "analyst", centre="bergen"))
    assert client.get(f"/results/evaluation/case/{case.pk}/").status_code == 403
    # The national strategic analysts get statistics on at least k subjects, never a case.
    client.force_login(make_user("ntaes", "strategic_analyst", centre=""))
    assert client.get(f"/results/evaluation/case/{case.pk}/").status_code == 403
    strategic = client.get("/results/evaluation/").content.decode()
    assert "evaluation/case/" not in strategic and 'data-kind="joint_inspection"' not in strategic
    settings.AKRIM_DISCLOSURE_K = 2
    strategic = client.get("/results/evaluation/").content.decode()
    assert 'data-kind="joint_inspection"' in strategic and "evaluation/case/" not in strategic
