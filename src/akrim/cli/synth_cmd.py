"""`akrim synth`: write a synthetic delivery."""

from __future__ import annotations

from pathlib import Path

import click


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
    type=click.Choice(["tiny", "small", "medium", "norway"]),
    help="How big a labour market to generate.",
)
def synth(out: Path, seed: int, size: str) -> None:
    """Write a synthetic delivery with its truth/ folder. Same seed and size, same bytes."""
    raise click.ClickException("synth is not built yet")
