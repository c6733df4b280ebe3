"""docs/sharing.md keeps up with the code: every policy rule, requirement, role and verb of
the sharing core is described there."""

from __future__ import annotations

from pathlib import Path

import click

from akrim.cli.main import cli
from akrim.domain.access import Role, load_policy

DOC = (Path(__file__).parents[2] / "docs" / "sharing.md").read_text(encoding="utf-8")


def test_every_policy_rule_and_role_is_documented() -> None:
    policy = load_policy()
    missing = [r.id for r in policy.rules if r.id not in DOC]
    missing += [f"`{role.value}`" for role in Role if f"`{role.value}`" not in DOC]
    assert missing == []


def test_every_sharing_verb_is_documented() -> None:
    missing = []
    for group in ("audit", "dpo", "users"):
        command = cli.get_command(click.Context(cli), group)
        assert isinstance(command, click.Group)
        missing += [
            f"akrim {group} {name}"
            for name in command.commands
            if f"akrim {group} {name}" not in DOC
        ]
    assert missing == []
