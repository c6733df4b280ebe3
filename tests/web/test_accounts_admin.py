"""The administrators' pages: who reaches them, and users created and changed there."""

from __future__ import annotations

import pytest
from django.test import Client

from akrim.web.accounts.models import User
from akrim.web.accounts.services import user_create
from akrim.web.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough password 42"


@pytest.fixture
def administrator() -> User:
    return user_create(username="admin", agency="ntaes", roles=["administrator"])


def new_user_form(**overrides: object) -> dict[str, object]:
    form: dict[str, object] = {
        "username": "skatt-inspector",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "agency": "skatteetaten",
        "centre": "bergen",
        "roles": ["inspector"],
    }
    form.update(overrides)
    return form


def test_analysts_do_not_reach_the_admin(client: Client) -> None:
    client.force_login(user_create(username="a", agency="nav", roles=["analyst"]))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403


def test_the_admin_sign_in_is_the_platforms(client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=%2Fadmin%2F"


def test_an_administrator_creates_a_user_with_access_fields(
    client: Client, administrator: User
) -> None:
    client.force_login(administrator)
    assert client.get("/admin/accounts/user/").status_code == 200
    page = client.get("/admin/accounts/user/add/")
    assert page.status_code == 200 and b'name="roles"' in page.content
    response = client.post("/admin/accounts/user/add/", new_user_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="skatt-inspector")
    assert (user.agency, user.centre, user.roles) == ("skatteetaten", "bergen", ["inspector"])
    assert user.check_password(PASSWORD)
    entry = AuditEntry.objects.filter(action="user.changed").last()
    assert entry is not None and entry.actor == "admin" and "skatt-inspector" in entry.text


@pytest.mark.parametrize(
    "field, value",
    [("agency", "brreg"), ("agency", "nsa"), ("roles", ["superhero"]), ("centre", "narnia")],
)
def test_agency_roles_and_centre_are_checked(
    client: Client, administrator: User, field: str, value: object
) -> None:
    client.force_login(administrator)
    response = client.post("/admin/accounts/user/add/", new_user_form(**{field: value}))
    assert response.status_code == 200  # the form again, with the error
    assert not User.objects.filter(username="skatt-inspector").exists()


def test_changing_roles_is_audited_and_staff_flags_stay_with_superusers(
    client: Client, administrator: User
) -> None:
    user = user_create(username="nav-analyst", agency="nav", centre="oslo", roles=["analyst"])
    client.force_login(administrator)
    form = {
        "username": "nav-analyst",
        "agency": "nav",
        "centre": "oslo",
        "roles": ["analyst", "centre_manager"],
        "otp_required": "on",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    response = client.post(f"/admin/accounts/user/{user.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert user.roles == ["analyst", "centre_manager"] and user.otp_required
    assert not user.is_staff and not user.is_superuser
    last = list(AuditEntry.objects.order_by("-seq").values_list("action", flat=True)[:2])
    assert set(last) == {"user.changed", "auth.second_factor_changed"}


def test_administrators_can_lift_lock_outs(client: Client, administrator: User) -> None:
    client.force_login(administrator)
    assert client.get("/admin/axes/accessattempt/").status_code == 200
