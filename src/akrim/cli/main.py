"""The `akrim` command group: global options and the verbs of the command contract."""

from __future__ import annotations

import os
from pathlib import Path

import click

from akrim import __version__


class AkrimContext:
    """What every verb gets: where the platform's data lives."""

    def __init__(self, store: Path) -> None:
        self.store = store


DEFAULT_STORE = "./akrim-data"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    default=lambda: os.environ.get("AKRIM_STORE", DEFAULT_STORE),
    show_default="./akrim-data or $AKRIM_STORE",
    help="Directory holding the platform's data (analytical store and operational database).",
)
@click.version_option(__version__, prog_name="akrim")
@click.pass_context
def cli(ctx: click.Context, store: Path) -> None:
    """akrim: analysis platform for joint work-related crime centres."""
    ctx.obj = AkrimContext(store)


def _register() -> None:
    from akrim.cli import export_cmd, ingest_cmd, synth_cmd

    cli.add_command(synth_cmd.synth)
    cli.add_command(ingest_cmd.ingest)
    cli.add_command(export_cmd.export)
    cli.add_command(ingest_cmd.demo_summary)

    from akrim.cli import analyse_cmd

    cli.add_command(analyse_cmd.analyse)
    cli.add_command(analyse_cmd.link)

    from akrim.cli import audit_cmd, dpo_cmd, users_cmd

    cli.add_command(audit_cmd.audit)
    cli.add_command(dpo_cmd.dpo)
    cli.add_command(users_cmd.users)


_register()


def main() -> None:
    cli(prog_name="akrim")
