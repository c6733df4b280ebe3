"""`akrim users ...`: create users of the operational database with agency, centre and roles."""

from __future__ import annotations

import click

from akrim.cli.main import AkrimContext
from akrim.cli.operational_db import open_operational_db
from akrim.domain.access import Role


@click.group()
def users() -> None:
    """Manage the platform's users."""


@users.command("create")
@click.argument("username")
@click.option("--agency", required=True, help="The agency the user acts for (e.g. nav).")
@click.option("--centre", default="", help="The user's centre; empty for national users.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice([r.value for r in Role]),
    help="A role; repeatable.",
)
@click.option("--password", default=None, help="Initial password (else: none usable).")
@click.pass_obj
def create(
    obj: AkrimContext,
    username: str,
    agency: str,
    centre: str,
    roles: tuple[str, ...],
    password: str | None,
) -> None:
    """Create a user."""
    open_operational_db(obj.store)
    from django.core.exceptions import ValidationError

    from akrim.web.accounts.services import user_create

    try:
        user = user_create(
            username=username, agency=agency, centre=centre, roles=roles, password=password
        )
    except (ValueError, ValidationError) as exc:
        raise click.ClickException(_one_line(exc)) from None
    click.echo(f"created {user.username} ({user.agency}, {user.centre or 'national'})")


def _one_line(exc: Exception) -> str:
    messages = getattr(exc, "messages", None)
    return "; ".join(messages) if messages else str(exc)


@users.command("list")
@click.pass_obj
def list_users(obj: AkrimContext) -> None:
    """Print every user with agency, centre and roles."""
    open_operational_db(obj.store)
    from akrim.web.accounts.models import User

    click.echo("username\tagency\tcentre\troles")
    for u in User.objects.order_by("username"):
        click.echo(f"{u.username}\t{u.agency}\t{u.centre}\t{' '.join(u.roles)}")


def _host_operator() -> str:
    """Who runs a verb on the host, for the audit log (``<os user>@host``)."""
    from akrim.web.sharing.exports import HOST_SUFFIX, host_user_name

    return f"{host_user_name()}{HOST_SUFFIX}"


@users.command("token")
@click.argument("username")
@click.option("--name", default="", help="What the token is for (e.g. the agency system).")
@click.option(
    "--days",
    type=click.IntRange(1, 3650),
    default=365,
    show_default=True,
    help="Days the token stays valid.",
)
@click.pass_obj
def token(obj: AkrimContext, username: str, name: str, days: int) -> None:
    """Issue a personal API token for USER and print it once (only its hash is kept)."""
    open_operational_db(obj.store)
    from akrim.web.accounts.models import User
    from akrim.web.api.tokens import token_issue

    user = User.objects.filter(username=username).first()
    if user is None:
        raise click.ClickException(f"no user {username!r}")
    try:
        issued = token_issue(user=user, by=_host_operator(), name=name, days=days)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(issued.secret)
    click.echo(
        f"token akr_{issued.token.key_id} for {username}, valid until "
        f"{issued.token.expires_at:%Y-%m-%d}; shown once: store it now",
        err=True,
    )


@users.command("tokens")
@click.argument("username", required=False)
@click.pass_obj
def tokens(obj: AkrimContext, username: str | None) -> None:
    """List API tokens (key id, user, name, expiry, last use, revoked), never their secrets."""
    open_operational_db(obj.store)
    from akrim.web.accounts.models import User
    from akrim.web.api.tokens import tokens_of

    user = None
    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise click.ClickException(f"no user {username!r}")
    click.echo("key_id\tusername\tname\texpires\tlast_used\trevoked")
    for t in tokens_of(user=user):
        used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else ""
        revoked = f"{t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else ""
        click.echo(
            f"akr_{t.key_id}\t{t.user.username}\t{t.name}\t{t.expires_at:%Y-%m-%d}\t{used}\t{revoked}"
        )


@users.command("revoke-token")
@click.argument("key_id")
@click.pass_obj
def revoke_token(obj: AkrimContext, key_id: str) -> None:
    """Revoke an API token by its key id (akr_...); it stops working at once."""
    open_operational_db(obj.store)
    from akrim.web.api.tokens import token_revoke

    try:
        revoked = token_revoke(key_id=key_id, by=_host_operator())
    except LookupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"revoked akr_{revoked.key_id} of {revoked.user.username}")
