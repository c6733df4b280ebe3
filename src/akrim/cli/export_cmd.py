"""`akrim export ...`: write the platform's results as CSV files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from akrim.cli.main import AkrimContext
from akrim.pipelines.analyse import NotAnalysed, export_identities
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
    """Export results as CSV files."""


def _out_option(columns: str) -> Callable[[F], F]:
    return click.option(
        "--out",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"CSV file to write ({columns}).",
    )


def _write(what: str, out: Path, export_rows: Callable[[], int]) -> None:
    """Run one export; a store that lacks the stage it needs is a one-line error."""
    try:
        written = export_rows()
    except (NotAnalysed, NotScored) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{written} {what} written to {out}", err=True)


@export.command("quarantine")
@_out_option("source_file, record_id, line, column, rule, value")
@click.pass_obj
def quarantine(obj: AkrimContext, out: Path) -> None:
    """Every quarantined row, for the data stewards who follow up with the agency.

    Values a spreadsheet would run as formulas (=, +, -, @) are prefixed with a quote.
    """
    _write("quarantined row(s)", out, lambda: export_quarantine(obj.store, out))


@export.command("identities")
@_out_option("source_file, record_id, role, entity_kind, entity_id")
@click.pass_obj
def identities(obj: AkrimContext, out: Path) -> None:
    """Which resolved entity every person or company a record mentions belongs to."""
    _write("identity row(s)", out, lambda: export_identities(obj.store, out))


@export.command("priorities")
@_out_option("rank, actor_id, score, orgnrs, person_ids, indicators")
@click.pass_obj
def priorities(obj: AkrimContext, out: Path) -> None:
    """The ranked threat actors (networks), highest priority first."""
    _write("threat actor(s)", out, lambda: export_priorities(obj.store, out))


@export.command("companies")
@_out_option("orgnr, score, actor_id, indicators")
@click.pass_obj
def companies(obj: AkrimContext, out: Path) -> None:
    """Every company the platform knows, with its score and network."""
    _write("compan(ies)", out, lambda: export_companies(obj.store, out))


@export.command("fairness")
@_out_option("grouping, group, workers, flagged, flag_rate, inspected_flagged, hits, hit_rate")
@click.option(
    "--threshold",
    type=float,
    default=3.0,
    show_default=True,
    help="Company score from which a company counts as flagged.",
)
@click.pass_obj
def fairness(obj: AkrimContext, out: Path, threshold: float) -> None:
    """The auditors' report: flag and hit rates by protected group (read only for this)."""
    _write("group row(s)", out, lambda: export_fairness(obj.store, out, threshold))
