"""Open the operational database for a verb, turning connection failures into one line."""

from __future__ import annotations

from pathlib import Path

import click


def open_operational_db(store: Path) -> None:
    """Configure Django for ``store`` (or $AKRIM_DATABASE_URL) and bring the schema up."""
    from akrim.web.bootstrap import setup

    try:
        setup(store)
    except Exception as exc:  # any driver's connection error: report it, do not dump a trace
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise click.ClickException(f"cannot open the operational database: {first_line}") from None
