"""Every verb and sub-verb of `akrim` answers --help; the contract's verbs exist."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from akrim.cli.main import VERBS, cli

CONTRACT_VERBS = {"synth", "ingest", "analyse", "export", "audit"}
CONTRACT_EXPORTS = {"priorities", "companies", "identities", "quarantine"}


def _all_paths() -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = []
    ctx = click.Context(cli)
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        assert command is not None, name
        paths.append((name,))
        if isinstance(command, click.Group):
            sub_ctx = click.Context(command)
            paths.extend((name, sub) for sub in command.list_commands(sub_ctx))
    return paths


def test_contract_verbs_exist() -> None:
    assert set(VERBS) >= CONTRACT_VERBS
    export = cli.get_command(click.Context(cli), "export")
    assert isinstance(export, click.Group)
    assert set(export.list_commands(click.Context(export))) >= CONTRACT_EXPORTS


@pytest.mark.parametrize("path", _all_paths(), ids=" ".join)
def test_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
