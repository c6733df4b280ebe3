"""`akrim export ...`: write the platform's results as CSV files."""

from __future__ import annotations

from pathlib import Path

import click

from akrim.pipelines.analyse import NotAnalysed, export_identities
from akrim.pipelines.ingest import export_quarantine


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
