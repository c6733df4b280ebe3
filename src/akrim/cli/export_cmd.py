"""`akrim export ...`: write the platform's results as CSV files, each through the read gateway.

Every export is derived from confidential registers, so each one is a decision of the sharing
policy with a purpose, one audit event and ledger entries (see docs/sharing.md, "Exports").
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import click

from akrim.cli.main import AkrimContext
from akrim.cli.operational_db import open_operational_db
from akrim.engines.backend import BackendError
from akrim.pipelines.analyse import NotAnalysed, export_identities
from akrim.pipelines.export_sources import StageMissing, export_scopes
from akrim.pipelines.ingest import export_quarantine
from akrim.pipelines.priorities import (
    NotScored,
    export_companies,
    export_fairness,
    export_priorities,
)

F = TypeVar("F", bound=Callable[..., Any])


@click.group()
def export() -> None:
    """Export results as CSV files (each one decided by the sharing policy and audited)."""


class ExportDenied(click.ClickException):
    """The sharing policy refused the export: exit 2 with the policy's reason."""

    exit_code = 2


def _out_option(columns: str) -> Callable[[F], F]:
    out = click.option(
        "--out",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"CSV file to write ({columns}).",
    )
    as_user = click.option(
        "--as",
        "as_user",
        metavar="USER",
        default=None,
        help="Export as this platform user, under their roles and agency "
        "(default: the host's store operator, <os user>@host).",
    )
    purpose = click.option(
        "--purpose",
        default="detect",
        show_default=True,
        help="The purpose declared for the export (prevent, detect, stop, sanction).",
    )

    def options(command: F) -> F:
        return out(as_user(purpose(command)))

    return options


def export_file(
    store: Path,
    export_name: str,
    out: Path,
    *,
    as_user: str | None = None,
    purpose: str = "detect",
    write: Callable[[Path], int] | None = None,
) -> tuple[int, str]:
    """Write one export through the read gateway as the chosen user (default: the host's
    store operator) for the declared purpose; (rows written, username). A store that lacks
    the stage it needs is a one-line error, a refusal by the policy exits 2. Every verb that
    writes an export calls this."""
    try:
        scopes = export_scopes(store, export_name)
    except (StageMissing, BackendError) as error:  # e.g. another process writes the store
        raise click.ClickException(str(error).splitlines()[0]) from None
    open_operational_db(store)
    from akrim.web.sharing.exports import (
        ExportOrder,
        ExportRefused,
        UnknownExporter,
        export_write,
        exporter,
        host_user_name,
    )

    host_user = host_user_name()
    order = ExportOrder(export_name, out, purpose, scopes, host_user)
    try:
        user = exporter(as_user=as_user, host_user=host_user)
        rows = export_write(
            user=user, order=order, write=write or partial(WRITERS[export_name], store)
        )
    except ExportRefused as refusal:
        raise ExportDenied(f"export refused: {refusal}") from None
    except (NotAnalysed, NotScored, UnknownExporter) as error:
        raise click.ClickException(str(error)) from None
    except (OSError, BackendError) as error:  # nothing was recorded: the transaction rolled back
        reason = getattr(error, "strerror", None) or str(error).splitlines()[0]
        raise click.ClickException(f"cannot write {out}: {reason}") from None
    return rows, user.username


FLAG_THRESHOLD = 3.0  # company score from which the fairness report counts a company flagged
WRITERS: dict[str, Callable[[Path, Path], int]] = {
    "priorities": export_priorities,
    "companies": export_companies,
    "identities": export_identities,
    "quarantine": export_quarantine,
    "fairness": partial(export_fairness, threshold=FLAG_THRESHOLD),
}


def _write(
    obj: AkrimContext,
    export_name: str,
    what: str,
    out: Path,
    choice: tuple[str | None, str],
    write: Callable[[Path], int] | None = None,
) -> None:
    as_user, purpose = choice
    rows, username = export_file(
        obj.store, export_name, out, as_user=as_user, purpose=purpose, write=write
    )
    click.echo(f"{rows} {what} written to {out} (as {username})", err=True)


@export.command("quarantine")
@_out_option("source_file, record_id, line, column, rule, value")
@click.pass_obj
def quarantine(obj: AkrimContext, out: Path, as_user: str | None, purpose: str) -> None:
    """Every quarantined row, for the data stewards who follow up with the agency.

    Values a spreadsheet would run as formulas (=, +, -, @) are prefixed with a quote.
    """
    _write(obj, "quarantine", "quarantined row(s)", out, (as_user, purpose))


@export.command("identities")
@_out_option("source_file, record_id, role, entity_kind, entity_id")
@click.pass_obj
def identities(obj: AkrimContext, out: Path, as_user: str | None, purpose: str) -> None:
    """Which resolved entity every person or company a record mentions belongs to."""
    _write(obj, "identities", "identity row(s)", out, (as_user, purpose))


@export.command("priorities")
@_out_option("rank, actor_id, score, orgnrs, person_ids, indicators")
@click.pass_obj
def priorities(obj: AkrimContext, out: Path, as_user: str | None, purpose: str) -> None:
    """The ranked threat actors (networks), highest priority first."""
    _write(obj, "priorities", "threat actor(s)", out, (as_user, purpose))


@export.command("companies")
@_out_option("orgnr, score, actor_id, indicators")
@click.pass_obj
def companies(obj: AkrimContext, out: Path, as_user: str | None, purpose: str) -> None:
    """Every company the platform knows, with its score and network."""
    _write(obj, "companies", "compan(ies)", out, (as_user, purpose))


@export.command("fairness")
@_out_option("grouping, group, workers, flagged, flag_rate, inspected_flagged, hits, hit_rate")
@click.option(
    "--threshold",
    type=float,
    default=FLAG_THRESHOLD,
    show_default=True,
    help="Company score from which a company counts as flagged.",
)
@click.pass_obj
def fairness(
    obj: AkrimContext, out: Path, as_user: str | None, purpose: str, threshold: float
) -> None:
    """The auditors' report: flag and hit rates by protected group (read only for this)."""
    write = partial(export_fairness, obj.store, threshold=threshold)
    _write(obj, "fairness", "group row(s)", out, (as_user, purpose), write)
