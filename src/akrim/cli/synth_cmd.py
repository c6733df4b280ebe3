"""`akrim synth`: write a synthetic delivery."""

from __future__ import annotations

from pathlib import Path

import click

from akrim.synth import generate_delivery
from akrim.synth.sizes import SIZES


@click.command()
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to write the delivery into (must not exist or be empty).",
)
@click.option("--seed", default=42, show_default=True, type=int, help="Random seed.")
@click.option(
    "--size",
    default="small",
    show_default=True,
    type=click.Choice(list(SIZES)),
    help="How big a labour market to generate.",
)
@click.option("--quiet", is_flag=True, help="Print only the summary, not the progress.")
def synth(out: Path, seed: int, size: str, quiet: bool) -> None:
    """Write a synthetic delivery with its truth/ folder. Same seed and size, same bytes."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise click.ClickException(f"{out} exists and is not an empty directory")

    def progress(message: str) -> None:
        if not quiet:
            click.echo(f"  {message}", err=True)

    summary = generate_delivery(out, seed=seed, size=size, progress=progress)
    for line in summary.lines():
        click.echo(line)
