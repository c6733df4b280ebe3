"""`akrim export ...`: write the platform's results as CSV files."""

from __future__ import annotations

import click


@click.group()
def export() -> None:
    """Export results as CSV files."""
