"""Signing in through a real browser: password, one-time code, lock-out, Norwegian."""

from __future__ import annotations

from binascii import unhexlify
from typing import Any

from django_otp.oath import totp

from .conftest import AkrimServer, screenshot, signed_in


def code_for(key_hex: str) -> str:
    return f"{totp(unhexlify(key_hex)):06d}"


def test_sign_in_with_a_password_and_out_again(page: Any, akrim_server: AkrimServer) -> None:
    signed_in(page, akrim_server, "nav-analyst")
    page.goto(f"{akrim_server.url}/accounts/")
    assert "nav-analyst" in page.inner_text("[data-testid=signed-in-as]")
    assert "analyst" in page.inner_text("[data-testid=account-facts]")
    screenshot(page, "account-page")
    page.click("header form[action='/accounts/logout/'] button")
    page.wait_for_url("**/accounts/login/")
    page.goto(f"{akrim_server.url}/accounts/")
    assert "/accounts/login/" in page.url  # signed out: pages ask for sign-in again


def test_sign_in_with_a_one_time_code(page: Any, akrim_server: AkrimServer) -> None:
    key = akrim_server.create_user("browser-totp", "skatteetaten", ("analyst",), totp=True)
    page.goto(f"{akrim_server.url}/accounts/login/?next=/accounts/")
    page.fill("#id_username", "browser-totp")
    page.fill("#id_password", akrim_server.password)
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_url("**/accounts/login/code/")
    assert page.locator("[data-testid=signed-in-as]").count() == 0
    page.fill("#id_code", "000000")
    page.click("form[data-testid=code-form] button[type=submit]")
    assert page.locator("[data-testid=code-error]").is_visible()
    page.wait_for_timeout(1100)  # a wrong code makes the next wait a second (throttling)
    page.fill("#id_code", code_for(key))
    screenshot(page, "one-time-code")
    page.click("form[data-testid=code-form] button[type=submit]")
    page.wait_for_url("**/accounts/")
    assert "browser-totp" in page.inner_text("[data-testid=signed-in-as]")
    assert page.locator("[data-testid=totp-status]").inner_text().startswith("On")


def test_enrolment_required_by_the_administrator_shows_a_qr_code(
    page: Any, akrim_server: AkrimServer
) -> None:
    akrim_server.create_user("browser-enrol", "nav", ("analyst",), otp_required=True)
    page.goto(f"{akrim_server.url}/accounts/login/")
    page.fill("#id_username", "browser-enrol")
    page.fill("#id_password", akrim_server.password)
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_url("**/accounts/login/code/")
    assert page.locator("[data-testid=totp-qr] svg").is_visible()
    assert len(page.inner_text("[data-testid=totp-secret]").replace(" ", "")) >= 16


def test_repeated_failures_lock_the_sign_in(page: Any, akrim_server: AkrimServer) -> None:
    akrim_server.create_user("browser-lockout", "arbeidstilsynet", ("analyst",))
    for attempt in range(5):
        page.goto(f"{akrim_server.url}/accounts/login/")
        page.fill("#id_username", "browser-lockout")
        page.fill("#id_password", f"wrong password {attempt}")
        page.click("form[data-testid=login-form] button[type=submit]")
        page.wait_for_load_state()
    message = page.locator("[data-testid=locked-out]")
    assert message.is_visible()
    assert "15 minutes" in message.inner_text()
    screenshot(page, "locked-out")
    # The right password is refused too while the lock lasts.
    page.goto(f"{akrim_server.url}/accounts/login/")
    page.fill("#id_username", "browser-lockout")
    page.fill("#id_password", akrim_server.password)
    page.click("form[data-testid=login-form] button[type=submit]")
    assert page.locator("[data-testid=locked-out]").is_visible()


def test_switch_to_norwegian(page: Any, akrim_server: AkrimServer) -> None:
    signed_in(page, akrim_server, "arbeidstilsynet-analyst")
    page.goto(f"{akrim_server.url}/accounts/")
    page.select_option("#lang-select", "nb")
    page.wait_for_function("document.documentElement.lang === 'nb'")
    assert "Din konto" in page.inner_text("main h1")
    assert "Logg ut" in page.inner_text("header")
    screenshot(page, "norwegian-account-page")
    page.select_option("#lang-select", "en")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert "Your account" in page.inner_text("main h1")
