"""`akrim users token|tokens|revoke-token`: a token is printed once, stored as a hash, listed
without its secret, and revoked by its key id; each change is audited."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from akrim.cli.main import cli
from akrim.web.accounts.services import user_create
from akrim.web.api.models import ApiToken
from akrim.web.api.tokens import token_user
from akrim.web.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def akrim(store: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--store", str(store), *args])


def test_issue_list_and_revoke(tmp_path: Path) -> None:
    user = user_create(username="nav-system", agency="nav", roles=["analyst"])
    issued = akrim(
        tmp_path, "users", "token", "nav-system", "--name", "case system", "--days", "30"
    )
    assert issued.exit_code == 0, issued.output
    secret = issued.stdout.strip()
    assert secret.startswith("akr_") and len(secret) > 40
    [stored] = ApiToken.objects.all()
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.key_id, stored.name} and token_user(secret) == user
    listing = akrim(tmp_path, "users", "tokens", "nav-system")
    assert f"akr_{stored.key_id}\tnav-system\tcase system" in listing.output
    assert secret not in listing.output
    revoked = akrim(tmp_path, "users", "revoke-token", f"akr_{stored.key_id}")
    assert revoked.exit_code == 0 and token_user(secret) is None
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions[-2:] == ["api.token_issued", "api.token_revoked"]
    assert all(secret not in e.text for e in AuditEntry.objects.all())


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    unknown = akrim(tmp_path, "users", "token", "nobody")
    assert unknown.exit_code == 1 and "no user 'nobody'" in unknown.output
    missing = akrim(tmp_path, "users", "revoke-token", "akr_000000000000")
    assert missing.exit_code == 1 and "no API token" in missing.output
    too_long = akrim(tmp_path, "users", "token", "nobody", "--days", "99999")
    assert too_long.exit_code == 2
