"""A tip through a real browser: the public form in Ukrainian and Polish without sign-in, the
receipt code shown once and used to add information, then triage by the receiving centre's
analyst: read, search the company, link it, nominate a case."""

from __future__ import annotations

import uuid
from typing import Any

from .conftest import AkrimServer, screenshot, signed_in

TOP_COMPANY = """
import duckdb
from django.conf import settings
with duckdb.connect(str(settings.STORE / "analytics.duckdb"), read_only=True) as db:
    top = "SELECT orgnr FROM risk.companies ORDER BY score DESC, orgnr LIMIT 1"
    print(db.execute(top).fetchone()[0])
"""


def test_a_tip_from_the_public_form_to_a_case(page: Any, akrim_server: AkrimServer) -> None:
    orgnr = akrim_server.run_python(TOP_COMPANY).strip()
    company = f"Bygg {uuid.uuid4().hex[:8]}"
    page.goto(f"{akrim_server.url}/tips/?lang=uk")
    assert "Повідомити" in page.inner_text("h1")
    page.select_option("#tip-lang", "pl")  # the selector reloads the form in Polish
    page.wait_for_url("**/tips/?lang=pl")
    assert page.inner_text("h1") == "Zgłoś przestępstwo związane z pracą"
    form = page.locator("form[data-testid=tip-form]")
    form.locator("input[name=reporter_kind][value=worker]").check()
    page.fill("#id_company_name", company)
    page.fill("#id_orgnr", orgnr)
    page.select_option("#id_county", "03")
    form.locator("input[name=categories][value=unpaid_wages]").check()
    form.locator("input[name=categories][value=housing]").check()
    page.fill("#id_description", "Nie płacą nam od dwóch miesięcy; mieszkamy w kontenerze.")
    screenshot(page, "tip-form-polish")
    form.locator("button[type=submit]").click()
    code = page.inner_text("[data-testid=receipt-code]")
    assert len(code.replace("-", "")) == 20
    screenshot(page, "tip-receipt")
    page.goto(f"{akrim_server.url}/tips/receipt/?lang=pl")
    page.fill("#id_code", code)
    page.fill("#id_text", "Szef nazywa się Ola.")
    page.locator("form[data-testid=receipt-form] button[type=submit]").click()
    assert page.locator("[data-testid=receipt-added]").is_visible()

    signed_in(page, akrim_server, "arbeidstilsynet-analyst")
    page.goto(f"{akrim_server.url}/tips/triage/")
    page.locator("[data-testid=tips] tr", has_text=company).locator("a").click()
    assert "kontenerze" in page.inner_text("[data-testid=tip-description]")
    assert "Szef nazywa się Ola." in page.inner_text("main")
    page.fill("form[data-testid=tip-search] input[name=q]", orgnr)
    page.locator("form[data-testid=tip-search] button").click()
    page.locator("[data-testid=tip-link-hit]").first.click()
    assert page.inner_text("[data-testid=tip-state]") == "linked"
    assert orgnr in page.inner_text("[data-testid=tip-links]")
    nominate = page.locator("form[data-testid=tip-nominate]")
    nominate.locator("input[name=title]").fill(f"Tip: {company}")
    nominate.locator("select[name=purpose]").select_option("detect")
    nominate.locator("button").click()
    page.wait_for_url("**/cases/*/")
    assert company in page.inner_text("[data-testid=case-title]")
    screenshot(page, "tip-nominated-case")
