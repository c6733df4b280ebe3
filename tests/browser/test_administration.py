"""An administrator creates a user in the admin pages; the new user signs in."""

from __future__ import annotations

from typing import Any

from .conftest import AkrimServer, screenshot, signed_in

NEW_PASSWORD = "a fresh long password 7"


def test_an_administrator_creates_a_user_who_then_signs_in(
    page: Any, akrim_server: AkrimServer
) -> None:
    akrim_server.run_python(
        "from akrim.web.accounts.models import User\n"
        "User.objects.filter(username='udi-analyst-new').delete()\n"
    )
    signed_in(page, akrim_server, "admin")
    page.goto(f"{akrim_server.url}/admin/accounts/user/add/")
    page.fill("#id_username", "udi-analyst-new")
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    page.select_option("#id_agency", "udi")
    page.select_option("#id_centre", "trondheim")
    page.check("input[name=roles][value=analyst]")
    screenshot(page, "admin-new-user")
    page.click("input[name=_save]")
    page.wait_for_url("**/change/")
    page.goto(f"{akrim_server.url}/accounts/")
    page.click("header form[action='/accounts/logout/'] button")
    page.wait_for_url("**/accounts/login/")
    signed_in(page, akrim_server, "udi-analyst-new", NEW_PASSWORD)
    page.goto(f"{akrim_server.url}/accounts/")
    facts = page.inner_text("[data-testid=account-facts]")
    assert "udi" in facts and "trondheim" in facts and "analyst" in facts


def test_an_analyst_is_refused_the_admin_pages(page: Any, akrim_server: AkrimServer) -> None:
    signed_in(page, akrim_server, "nav-analyst")
    response = page.goto(f"{akrim_server.url}/admin/")
    assert response is not None and response.status == 403
