"""`akrim audit ...`: verify the audit log's chain, and export checkpoints for witnesses."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from akrim.cli.main import AkrimContext
from akrim.cli.operational_db import open_operational_db
from akrim.domain.audit_chain import Checkpoint


@click.group()
def audit() -> None:
    """Check and witness the hash-chained audit log."""


@audit.command()
@click.option(
    "--checkpoint",
    "checkpoints",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A checkpoint file a partner witnessed; the log must still contain it. Repeatable.",
)
@click.pass_obj
def verify(obj: AkrimContext, checkpoints: tuple[Path, ...]) -> None:
    """Check the audit log's integrity: exit 0 intact, 1 tampered (saying where)."""
    witnessed = [_read_checkpoint(p) for p in checkpoints]
    open_operational_db(obj.store)
    from akrim.web.audit.selectors import audit_verify

    result = audit_verify(witnessed=witnessed)
    click.echo(result.describe())
    sys.exit(0 if result.intact else 1)


def _read_checkpoint(path: Path) -> Checkpoint:
    try:
        return Checkpoint.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError) as exc:
        raise click.BadParameter(f"{path}: not a checkpoint file ({exc})") from None


@audit.command()
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the signed checkpoint here (JSON) for a partner to keep; default: print it.",
)
@click.option("--by", default="system", show_default=True, help="Who makes the checkpoint.")
@click.pass_obj
def checkpoint(obj: AkrimContext, out: Path | None, by: str) -> None:
    """Sign the chain's current head and export it for witnessing."""
    open_operational_db(obj.store)
    from akrim.web.audit.services import audit_checkpoint_create

    made = audit_checkpoint_create(by=by)
    text = json.dumps(made.to_json(), indent=2)
    if out is None:
        click.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        click.echo(f"checkpoint at entry {made.seq} written to {out}")
