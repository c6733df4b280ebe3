"""The demo users: valid agencies and roles, the printed password works, re-running resets."""

from __future__ import annotations

import pytest

from akrim.domain.access import roles_from
from akrim.web.accounts.demo_users import DEMO_PASSWORD, DEMO_USERS, demo_users_create
from akrim.web.accounts.models import CENTRES, User
from akrim.web.sharing.policy import current_policy

pytestmark = pytest.mark.django_db


def test_every_demo_user_signs_in_with_the_printed_password() -> None:
    demo_users_create()
    assert User.objects.count() == len(DEMO_USERS)
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD)


def test_demo_users_fit_the_policy() -> None:
    policy = current_policy()
    agencies = policy.senders | policy.receivers
    for demo in DEMO_USERS:
        assert demo.agency in agencies, demo
        assert roles_from(demo.roles)
        assert demo.centre in {"", *CENTRES}
    names = {d.username for d in DEMO_USERS}
    assert {"nav-analyst", "ntaes-strategic", "dpo-auditor", "admin"} <= names


def test_a_second_run_resets_roles_and_password() -> None:
    demo_users_create()
    user = User.objects.get(username="nav-analyst")
    user.roles = ["auditor"]
    user.is_active = False
    user.set_password("changed by someone")
    user.save()
    demo_users_create()
    user.refresh_from_db()
    assert user.roles == ["analyst"] and user.is_active and user.check_password(DEMO_PASSWORD)
