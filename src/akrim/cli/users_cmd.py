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
