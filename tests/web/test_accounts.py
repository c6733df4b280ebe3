"""Sign-in: strong hashing, lock-out after failures, a second factor, sessions, CSRF, sign-out."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
from django.http import HttpResponse
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from akrim.web.accounts import views
from akrim.web.accounts.models import User
from akrim.web.accounts.services import user_create
from akrim.web.audit.models import AuditEntry

PASSWORD = "correct horse battery staple"
pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst() -> User:
    return user_create(
        username="nav-analyst", agency="nav", centre="oslo", roles=["analyst"], password=PASSWORD
    )


def sign_in(client: Client, username: str, password: str = PASSWORD, ip: str = "127.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def current_code(device: TOTPDevice, offset: int = 0) -> str:
    """The code an authenticator app would show ``offset`` steps from now."""
    t0 = device.t0 - offset * device.step
    return f"{totp(device.bin_key, device.step, t0, device.digits, device.drift):06d}"


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def signed_in(client: Client) -> bool:
    return client.get("/accounts/").status_code == 200


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))


def test_production_hashing_is_argon2() -> None:
    from akrim.web.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    hasher = Argon2PasswordHasher()
    encoded = make_password("x" * 16, hasher=hasher)
    assert encoded.startswith("argon2$") and hasher.verify("x" * 16, encoded)


def test_password_sign_in_lands_on_the_start_page_and_is_audited(
    client: Client, analyst: User
) -> None:
    response = sign_in(client, "nav-analyst")
    assert response.status_code == 302 and response.url == "/"
    assert signed_in(client)
    assert actions()[-1] == "auth.signed_in"


def test_wrong_password_is_refused_and_audited(client: Client, analyst: User) -> None:
    response = sign_in(client, "nav-analyst", "wrong password")
    assert response.status_code == 200
    assert b'data-testid="login-error"' in response.content
    assert not signed_in(client)
    failure = AuditEntry.objects.filter(action="auth.sign_in_failed").get()
    assert failure.actor == "nav-analyst"


def test_five_failures_lock_the_user_name_at_that_address(client: Client, analyst: User) -> None:
    for _ in range(4):
        assert sign_in(client, "nav-analyst", "wrong").status_code == 200
    locked = sign_in(client, "nav-analyst", "wrong")
    assert locked.status_code == 429
    assert b'data-testid="locked-out"' in locked.content
    assert b"15 minutes" in locked.content
    # The right password does not help while locked...
    assert sign_in(client, "nav-analyst").status_code == 429
    assert not signed_in(client)
    # ...but the same user from another address is not locked (per user name and address).
    other = Client()
    assert sign_in(other, "nav-analyst", ip="10.0.0.2").status_code == 302
    assert "auth.locked_out" in actions()


def test_a_success_clears_the_failure_count(client: Client, analyst: User) -> None:
    for _ in range(4):
        sign_in(client, "nav-analyst", "wrong")
    assert sign_in(client, "nav-analyst").status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        assert sign_in(client, "nav-analyst", "wrong").status_code == 200


def test_a_user_with_a_device_must_give_a_code(client: Client, analyst: User) -> None:
    device = confirmed_device(analyst)
    response = sign_in(client, "nav-analyst")
    assert response.status_code == 302 and response.url == "/accounts/login/code/"
    assert not signed_in(client)  # the password alone signs no one in
    page = client.get("/accounts/login/code/")
    assert b'data-testid="code-form"' in page.content and b"<svg" not in page.content
    done = client.post("/accounts/login/code/", {"code": current_code(device)})
    assert done.status_code == 302 and done.url == "/"
    assert signed_in(client)
    entry = AuditEntry.objects.filter(action="auth.signed_in").get()
    assert '"second_factor":true' in entry.text.replace(" ", "")


def test_wrong_codes_count_towards_the_lock_out(client: Client, analyst: User) -> None:
    device = confirmed_device(analyst)
    sign_in(client, "nav-analyst")

    def wrong_code() -> HttpResponse:
        # As if the user waited out the throttle that each wrong code starts.
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
        return client.post("/accounts/login/code/", {"code": "000000"})

    for _ in range(4):
        page = wrong_code()
        assert page.status_code == 200 and b'data-testid="code-error"' in page.content
    assert wrong_code().status_code == 429
    assert sign_in(client, "nav-analyst").status_code == 429
    stages = AuditEntry.objects.filter(action="auth.sign_in_failed").values_list("text", flat=True)
    assert sum('"stage":"code"' in text.replace(" ", "") for text in stages) == 5


def test_the_code_step_expires(client: Client, analyst: User) -> None:
    device = confirmed_device(analyst)
    sign_in(client, "nav-analyst")
    session = client.session
    session[views.PENDING_AT] = time.time() - views.PENDING_SECONDS - 1
    session.save()
    response = client.post("/accounts/login/code/", {"code": current_code(device)})
    assert response.status_code == 302 and response.url == "/accounts/login/"
    assert not signed_in(client)


def test_required_second_factor_enrols_at_sign_in(client: Client, analyst: User) -> None:
    analyst.otp_required = True
    analyst.save()
    sign_in(client, "nav-analyst")
    page = client.get("/accounts/login/code/")
    assert b"<svg" in page.content and b'data-testid="totp-secret"' in page.content
    device = TOTPDevice.objects.get(user=analyst, confirmed=False)
    done = client.post("/accounts/login/code/", {"code": current_code(device)})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed and signed_in(client)
    assert "auth.second_factor_changed" in actions()


def test_enrolment_from_the_account_page(client: Client, analyst: User) -> None:
    client.force_login(analyst)
    assert b'data-testid="totp-enrol"' in client.get("/accounts/").content
    page = client.get("/accounts/totp/enrol/")
    assert page.status_code == 200 and b"<svg" in page.content
    device = TOTPDevice.objects.get(user=analyst)
    assert client.post("/accounts/totp/enrol/", {"code": "123"}).status_code == 200
    assert client.post("/accounts/totp/enrol/", {"code": current_code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    client.post("/accounts/logout/")
    assert sign_in(client, "nav-analyst").url == "/accounts/login/code/"


def test_a_required_second_factor_cannot_be_turned_off(client: Client, analyst: User) -> None:
    confirmed_device(analyst)
    analyst.otp_required = True
    analyst.save()
    client.force_login(analyst)
    client.post("/accounts/totp/remove/")
    assert TOTPDevice.objects.filter(user=analyst).exists()
    analyst.otp_required = False
    analyst.save()
    client.post("/accounts/totp/remove/")
    assert not TOTPDevice.objects.filter(user=analyst).exists()


def test_sign_out_only_by_post(client: Client, analyst: User) -> None:
    client.force_login(analyst)
    assert client.get("/accounts/logout/").status_code == 405
    assert signed_in(client)
    client.post("/accounts/logout/")
    assert not signed_in(client)


def test_sign_in_needs_the_csrf_token(analyst: User) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": "nav-analyst", "password": PASSWORD})
    assert response.status_code == 403


def test_sessions_expire() -> None:
    from django.conf import settings

    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY


def test_redirect_after_code_stays_on_this_site(client: Client, analyst: User) -> None:
    device = confirmed_device(analyst)
    client.post(
        "/accounts/login/",
        {"username": "nav-analyst", "password": PASSWORD, "next": "https://evil.example/"},
    )
    done = client.post("/accounts/login/code/", {"code": current_code(device)})
    assert done.url == "/"


def test_a_code_right_after_a_wrong_one_must_wait(
    client: Client, analyst: User, settings: Any
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 600  # a wait no slow machine outlasts between posts
    device = confirmed_device(analyst)
    sign_in(client, "nav-analyst")
    client.post("/accounts/login/code/", {"code": "000000"})
    page = client.post("/accounts/login/code/", {"code": current_code(device)})
    assert b"Wait a few seconds" in page.content and not signed_in(client)
    assert AuditEntry.objects.filter(action="auth.sign_in_failed").count() == 1


def test_an_idle_session_ends(client: Client, analyst: User, settings: Any) -> None:
    from akrim.web.accounts.middleware import LAST_SEEN

    client.force_login(analyst)
    assert signed_in(client)  # stamps the session
    session = client.session
    session[LAST_SEEN] = int(time.time()) - settings.AKRIM_SESSION_IDLE_SECONDS - 1
    session.save()
    response = client.get("/accounts/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert b'data-testid="idle-signed-out"' in client.get(response.url).content
    assert b'data-testid="idle-signed-out"' not in client.get(response.url).content  # once
    assert not signed_in(client)


def test_an_active_session_goes_on(client: Client, analyst: User, settings: Any) -> None:
    from akrim.web.accounts.middleware import LAST_SEEN

    client.force_login(analyst)
    assert signed_in(client)
    session = client.session
    session[LAST_SEEN] = int(time.time()) - settings.AKRIM_SESSION_IDLE_SECONDS + 30
    session.save()
    assert signed_in(client)
