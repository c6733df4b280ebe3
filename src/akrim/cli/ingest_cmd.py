"""`akrim ingest`: validate and load a delivery."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("delivery", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@click.pass_obj
def ingest(obj: object, delivery: Path, as_json: bool) -> None:
    """Validate and load DELIVERY into the store."""
    raise click.ClickException("ingest is not built yet")


@click.command("demo-summary")
@click.pass_obj
def demo_summary(obj: object) -> None:
    """Print a summary of what the store holds."""
    raise click.ClickException("not built yet")
