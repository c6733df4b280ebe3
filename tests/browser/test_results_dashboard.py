"""The results dashboard in a real browser: a centre analyst sees the centre's figures with
charts and downloads the CSV; a national user sees the same year through disclosure control."""

from __future__ import annotations

import uuid
from typing import Any

from .conftest import AkrimServer, screenshot, signed_in

RECORD = """
from decimal import Decimal
from akrim.web.accounts.models import User
from akrim.web.cases.models import Case, CaseSubject, Measure, MeasureResult
lead = User.objects.get(username="arbeidstilsynet-analyst")
for i in range(6):
    case = Case.objects.create(title="{tag} %d" % i, centre="oslo", purpose="detect",
        provision="s3", state="results_recorded", agencies=["arbeidstilsynet"], opened_by=lead)
    CaseSubject.objects.create(case=case, subject="9%08d" % i, kind="company")
    m = Measure.objects.create(case=case, kind="joint_inspection", agency="arbeidstilsynet",
        state="done", created_by=lead)
    MeasureResult.objects.create(measure=m, agency="arbeidstilsynet", centre="oslo",
        reporting_year={year}, recorded_by=lead, fines=1, fines_amount=Decimal("{amount}"),
        inspections=1, enterprises_rectified=1, employees_affected=12)
"""
YEAR = 2019  # a year no other test writes results for


def _cell(page: Any, year: int, figure: str) -> str:
    row = page.locator("[data-testid=results-by-year] tr", has_text=str(year))
    return row.locator(f"td[data-figure={figure}]").inner_text()


def test_a_centre_and_the_nation_see_the_figures(page: Any, akrim_server: AkrimServer) -> None:
    akrim_server.run_python(RECORD.format(tag=uuid.uuid4().hex, year=YEAR, amount="12345"))
    signed_in(page, akrim_server, "nav-analyst")
    page.goto(f"{akrim_server.url}/results/")
    assert int(_cell(page, YEAR, "inspections").replace(" ", "")) >= 6
    assert page.locator("svg.chart").count() >= 6
    screenshot(page, "results-centre")
    with page.expect_download() as download:
        page.click("[data-testid=results-csv]")
    text = download.value.path().read_text(encoding="utf-8")
    assert text.startswith("scope,year,agency,cases,") and f"oslo,{YEAR},*," in text
    page.context.clear_cookies()
    signed_in(page, akrim_server, "ntaes-strategic")
    page.goto(f"{akrim_server.url}/results/")
    assert "disclosure control" in page.inner_text("main")
    assert _cell(page, YEAR, "fines_amount") != ""
    screenshot(page, "results-national")
