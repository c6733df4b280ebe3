"""The demo users: valid agencies and roles, the printed password works, re-running resets."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from akrim.cli.main import cli
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


def test_the_demo_refuses_a_directory_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("mine")
    result = CliRunner().invoke(cli, ["demo", "--dir", str(tmp_path), "--no-serve"])
    assert result.exit_code == 1
    assert "thesis.tex" in result.output and (tmp_path / "thesis.tex").exists()


def test_the_demo_clears_what_an_earlier_demo_left(tmp_path: Path) -> None:
    from akrim.cli.demo_cmd import _clear

    (tmp_path / "delivery").mkdir()
    (tmp_path / "priorities.csv").write_text("rank\n")
    _clear(tmp_path)
    assert not tmp_path.exists()
