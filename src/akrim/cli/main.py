"""The `akrim` command group: global options and the verbs of the command contract."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import click

from akrim import __version__


class AkrimContext:
    """What every verb gets: where the platform's data lives."""

    def __init__(self, store: Path) -> None:
        self.store = store


DEFAULT_STORE = "./akrim-data"


# Verb name -> (module, attribute). Modules are imported only when their verb runs (or help
# is shown for it), so that a quick verb does not pay for importing every engine.
VERBS: dict[str, tuple[str, str]] = {
    "synth": ("akrim.cli.synth_cmd", "synth"),
    "ingest": ("akrim.cli.ingest_cmd", "ingest"),
    "analyse": ("akrim.cli.analyse_cmd", "analyse"),
    "link": ("akrim.cli.analyse_cmd", "link"),
    "export": ("akrim.cli.export_cmd", "export"),
    "demo-summary": ("akrim.cli.ingest_cmd", "demo_summary"),
    "audit": ("akrim.cli.audit_cmd", "audit"),
    "dpo": ("akrim.cli.dpo_cmd", "dpo"),
    "users": ("akrim.cli.users_cmd", "users"),
    "serve": ("akrim.cli.serve_cmd", "serve"),
    "demo": ("akrim.cli.demo_cmd", "demo"),
    "cases": ("akrim.cli.cases_cmd", "cases"),
}


def _load_verb(name: str) -> click.Command:
    module_name, attribute = VERBS[name]
    command = getattr(importlib.import_module(module_name), attribute)
    if not isinstance(command, click.Command):
        raise TypeError(f"{module_name}.{attribute} is not a click command")
    return command


class LazyVerbs(click.Group):
    """A group whose verbs are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *VERBS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in VERBS:
            return _load_verb(cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyVerbs, context_settings={"help_option_names": ["-h", "--help"]})
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


def main() -> None:
    cli(prog_name="akrim")
