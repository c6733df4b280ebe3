"""The intelligence cycle in a real browser, with users of three agencies: a NAV analyst
nominates a threat actor from the priorities and analyses it (facts through the sharing
policy, a note, an open-source finding, an attachment), drafts and downloads the report PDF
and submits it; a Skatteetaten steering-group member approves; an Arbeidstilsynet
control-group member plans a coordinated action with measures of Arbeidstilsynet and
Skatteetaten; each agency's inspector records its own results; the control group evaluates;
the results dashboard shows the new figures."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from .conftest import AkrimServer, screenshot, signed_in

USERS = {
    "cycle-nav-analyst": ("nav", ("analyst",)),
    "cycle-skatt-steering": ("skatteetaten", ("steering_group_member",)),
    "cycle-at-control": ("arbeidstilsynet", ("control_group_member",)),
    "cycle-at-inspector": ("arbeidstilsynet", ("inspector",)),
    "cycle-skatt-inspector": ("skatteetaten", ("inspector",)),
}
FIGURES = ("fines_amount", "police_reports", "enterprises_rectified")
FINES, POLICE_REPORTS, RECTIFIED = 150_000, 1, 1


def create_users(server: AkrimServer) -> None:
    code = "from akrim.web.accounts.services import user_create\n"
    code += "from akrim.web.accounts.models import User\n"
    for name, (agency, roles) in USERS.items():
        code += (
            f"User.objects.filter(username={name!r}).delete()\n"
            f"user_create(username={name!r}, agency={agency!r}, centre='oslo',"
            f" roles={list(roles)!r}, password={server.password!r})\n"
        )
    server.run_python(code)


def as_user(page: Any, server: AkrimServer, username: str) -> Any:
    page.context.clear_cookies()
    return signed_in(page, server, username)


def dashboard_figures(page: Any, server: AkrimServer) -> dict[str, int]:
    """This year's row of the results dashboard (0 for a year with no results yet)."""
    page.goto(f"{server.url}/results/")
    year = str(date.today().year)
    rows = page.locator("table[data-testid=results-by-year] tbody tr").filter(
        has=page.locator("th", has_text=year)
    )
    if rows.count() == 0:
        return dict.fromkeys(FIGURES, 0)
    return {
        name: int(
            re.sub(r"\D", "", rows.first.locator(f"td[data-figure={name}]").inner_text()) or 0
        )
        for name in FIGURES
    }


def step(page: Any, name: str) -> None:
    page.click(f"[data-testid=step-{name}]")
    page.wait_for_load_state()


def test_one_case_through_the_whole_cycle(page: Any, akrim_server: AkrimServer) -> None:
    server = akrim_server
    create_users(server)
    as_user(page, server, "cycle-at-control")
    before = dashboard_figures(page, server)

    # Nominate from the priorities: the network and its member companies are prefilled.
    as_user(page, server, "cycle-nav-analyst")
    page.goto(f"{server.url}/priorities/")
    actor_href = page.locator("a[href^='/actors/']").first.get_attribute("href")
    actor_id = actor_href.strip("/").split("/")[-1]
    page.goto(f"{server.url}{actor_href}")
    nominate = page.locator("[data-testid=nominate-case]")
    if nominate.count():
        nominate.first.click()
    else:
        page.goto(f"{server.url}/cases/new/?actor={actor_id}")
    subjects = page.input_value("#id_subjects")
    assert f"network {actor_id}" in subjects
    orgnr = re.search(r"company (\d{9})", subjects).group(1)
    page.fill("#id_due_date", "2027-01-31")
    page.click("[data-testid=nominate-submit]")
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case_url = page.url.split("?")[0]
    assert page.inner_text("[data-testid=case-state]") == "nominated"

    # Analyse.
    step(page, "start_analysis")
    assert page.inner_text("[data-testid=case-state]") == "in_analysis"
    page.select_option("[data-testid=facts-form] select[name=subject]", orgnr)
    page.fill(
        "[data-testid=proportionality-note]",
        "Indicators of wage theft; the partners' facts are needed to size it.",
    )
    page.click("[data-testid=facts-collect]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=case-facts] tbody tr").count() > 0
    page.fill("[data-testid=note-text]", "Same manager as in an earlier case.")
    page.click("[data-testid=note-add]")
    page.fill("[data-testid=osint-form] #id_title", "Job advert in Polish")
    page.fill("[data-testid=osint-form] #id_summary", "Offers 120 kr per hour, cash")
    page.click("[data-testid=osint-add]")
    page.set_input_files(
        "[data-testid=attachment-file]",
        files=[{"name": "site-photo.txt", "mimeType": "text/plain", "buffer": b"photo notes"}],
    )
    page.click("[data-testid=attachment-add]")
    assert "site-photo.txt" in page.inner_text("[data-testid=attachments]")
    screenshot(page, "cycle-analysis")

    # The report: drafted, edited, exported as PDF, submitted.
    page.goto(f"{case_url}?tab=report")
    page.click("[data-testid=report-draft]")
    page.fill("[data-testid=section-assessment]", "Workers are paid far below the minimum wage.")
    page.click("[data-testid=report-save]")
    assert "Version 2" in page.inner_text("[data-testid=report-version]")
    with page.expect_download() as download:
        page.click("[data-testid=report-pdf]")
    pdf = pdfium.PdfDocument(Path(download.value.path()).read_bytes())
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    text = " ".join(text.split())
    for expected in (orgnr, actor_id, "Indicators", "provenance", "below the minimum wage"):
        assert expected in text, expected
    screenshot(page, "cycle-report")
    page.click("[data-testid=report-submit]")
    page.wait_for_load_state()
    assert page.inner_text("[data-testid=case-state]") == "report_submitted"

    # The steering group (another agency) approves.
    as_user(page, server, "cycle-skatt-steering")
    page.goto(f"{case_url}?tab=decision")
    page.select_option("[data-testid=decision-form] select[name=outcome]", "approve")
    page.fill("[data-testid=decision-form] textarea[name=reason]", "Strong, documented indicators")
    page.click("[data-testid=decide]")
    page.wait_for_load_state()
    assert page.inner_text("[data-testid=case-state]") == "approved"

    # The control group plans a coordinated action with measures of two agencies.
    as_user(page, server, "cycle-at-control")
    page.goto(case_url)
    step(page, "plan_measures")
    page.fill("[data-testid=action-form] #id_title", "Joint action at the building site")
    page.fill("[data-testid=action-form] #id_on", "2026-12-03")
    page.fill("[data-testid=action-form] #id_place", "Drammen")
    page.click("[data-testid=action-add]")
    for kind, agency in (("joint_inspection", "arbeidstilsynet"), ("tax_audit", "skatteetaten")):
        form = "[data-testid=measure-form]"
        page.select_option(f"{form} #id_kind", kind)
        page.select_option(f"{form} #id_agency", agency)
        page.fill(f"{form} #id_due_date", "2026-12-20")
        page.select_option(f"{form} #id_coordinated_action", index=1)
        page.click("[data-testid=measure-add]")
        page.wait_for_load_state()
    assert page.locator("[data-testid=measure-row]").count() == 2
    screenshot(page, "cycle-plan")
    step(page, "start_measures")
    assert page.inner_text("[data-testid=case-state]") == "measures_under_way"

    # Each agency records the results of its own measure.
    record_results(
        page,
        server,
        case_url,
        "cycle-at-inspector",
        "arbeidstilsynet",
        {
            "inspections": 2,
            "fines": 1,
            "fines_amount": FINES,
            "enterprises_rectified": RECTIFIED,
            "employees_affected": 12,
        },
    )
    record_results(
        page,
        server,
        case_url,
        "cycle-skatt-inspector",
        "skatteetaten",
        {"tax_claims_amount": 2_300_000, "police_reports": POLICE_REPORTS},
    )

    # The control group completes the results and evaluates the case.
    as_user(page, server, "cycle-at-control")
    page.goto(case_url)
    step(page, "complete_results")
    assert page.inner_text("[data-testid=case-state]") == "results_recorded"
    for select in page.locator("[data-testid=evaluation-form] select").all():
        select.select_option("worked")
    page.fill(
        "[data-testid=evaluation-form] textarea[name=summary]", "The joint action stopped it."
    )
    page.click("[data-testid=evaluate]")
    page.wait_for_load_state()
    assert page.inner_text("[data-testid=case-state]") == "evaluated"
    assert page.locator("[data-testid=effect]").count() == 2

    # The dashboard shows the new figures.
    after = dashboard_figures(page, server)
    screenshot(page, "cycle-dashboard")
    assert after["fines_amount"] - before["fines_amount"] == FINES
    assert after["police_reports"] - before["police_reports"] == POLICE_REPORTS
    assert after["enterprises_rectified"] - before["enterprises_rectified"] == RECTIFIED

    # The analyst closes the case; its history has every step.
    as_user(page, server, "cycle-nav-analyst")
    page.goto(case_url)
    step(page, "close")
    page.goto(f"{case_url}?tab=history")
    history = page.inner_text("[data-testid=history]")
    for done in (
        "start_analysis",
        "submit_report",
        "approve",
        "plan_measures",
        "start_measures",
        "complete_results",
        "evaluate",
        "close",
    ):
        assert done in history, done


def record_results(
    page: Any, server: AkrimServer, case_url: str, user: str, agency: str, figures: dict[str, int]
) -> None:
    as_user(page, server, user)
    page.goto(f"{case_url}?tab=results")
    row = page.locator(f"tr[data-testid=measure-row][data-agency={agency}]")
    assert row.locator("[data-testid=measure-start]").count() == 1
    other = page.locator("tr[data-testid=measure-row]").filter(
        has_not=page.locator(f"td:text-is('{agency}')")
    )
    assert other.locator("[data-testid=measure-result]").count() == 0  # not theirs to record
    row.locator("[data-testid=measure-start]").click()
    page.wait_for_load_state()
    page.locator(
        f"tr[data-testid=measure-row][data-agency={agency}] [data-testid=measure-result]"
    ).click()
    for name, value in figures.items():
        page.fill(f"#id_{name}", str(value))
    page.fill("#id_findings", f"{agency}: findings recorded in the browser test")
    page.click("[data-testid=result-submit]")
    page.wait_for_url(re.compile(r"tab=results"))
    done = page.locator(f"tr[data-testid=measure-row][data-agency={agency}] .tag").inner_text()
    assert done == "done"
