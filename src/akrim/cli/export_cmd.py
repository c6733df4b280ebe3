"""`akrim export ...`: write the platform's results as CSV files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

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


@export.command("quarantine")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV file to write (source_file, record_id, line, column, rule, value).",
)
@click.pass_obj
def quarantine(obj: object, out: Path) -> None:
    """Every quarantined row, for the data stewards who follow up with the agency.

    Values a spreadsheet would run as formulas (=, +, -, @) are prefixed with a quote.
    """
    store: Path = obj.store  # type: ignore[attr-defined]
    written = export_quarantine(store, out)
    click.echo(f"{written} quarantined row(s) written to {out}", err=True)


@export.command("identities")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV file to write (source_file, record_id, role, entity_kind, entity_id).",
)
@click.pass_obj
def identities(obj: object, out: Path) -> None:
    """Which resolved entity every person or company a record mentions belongs to."""
    store: Path = obj.store  # type: ignore[attr-defined]
    try:
        written = export_identities(store, out)
    except NotAnalysed as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{written} identity row(s) written to {out}", err=True)


def _out_option(columns: str) -> Callable[[F], F]:
    return click.option(
        "--out",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"CSV file to write ({columns}).",
    )


@export.command("priorities")
@_out_option("rank, actor_id, score, orgnrs, person_ids, indicators")
@click.pass_obj
def priorities(obj: object, out: Path) -> None:
    """The ranked threat actors (networks), highest priority first."""
    store: Path = obj.store  # type: ignore[attr-defined]
    try:
        written = export_priorities(store, out)
    except NotScored as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{written} threat actor(s) written to {out}", err=True)


@export.command("companies")
@_out_option("orgnr, score, actor_id, indicators")
@click.pass_obj
def companies(obj: object, out: Path) -> None:
    """Every company the platform knows, with its score and network."""
    store: Path = obj.store  # type: ignore[attr-defined]
    try:
        written = export_companies(store, out)
    except NotScored as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{written} compan(ies) written to {out}", err=True)


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
def fairness(obj: object, out: Path, threshold: float) -> None:
    """The auditors' report: flag and hit rates by protected group (read only for this)."""
    store: Path = obj.store  # type: ignore[attr-defined]
    try:
        written = export_fairness(store, out, threshold)
    except NotScored as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{written} group row(s) written to {out}", err=True)
