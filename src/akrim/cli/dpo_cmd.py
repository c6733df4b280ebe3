"""`akrim dpo ...`: the data-protection officer's jobs: records of processing, retention purge."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from akrim.cli.main import AkrimContext
from akrim.cli.operational_db import open_operational_db


@click.group()
def dpo() -> None:
    """Records of processing and retention."""


@dpo.command()
@click.pass_obj
def records(obj: AkrimContext) -> None:
    """Refresh and print the records of processing, one line per register file."""
    open_operational_db(obj.store)
    from akrim.web.dataprotection.selectors import processing_records
    from akrim.web.dataprotection.services import processing_records_sync

    processing_records_sync()
    click.echo("path\tclassification\tretention_days\tlegal_basis")
    for r in processing_records():
        click.echo(f"{r.path}\t{r.classification}\t{r.retention_days}\t{r.legal_basis}")


@dpo.command()
@click.option("--dry-run", is_flag=True, help="Report what would be removed, remove nothing.")
@click.option("--by", default="system", show_default=True, help="Who runs the purge.")
@click.pass_obj
def purge(obj: AkrimContext, dry_run: bool, by: str) -> None:
    """Remove what is past its retention period, with a log of every removal."""
    open_operational_db(obj.store)
    from akrim.web.dataprotection.services import retention_purge

    run = retention_purge(by=by, dry_run=dry_run)
    verb = "would remove" if dry_run else "removed"
    click.echo(f"purge run {run.pk} ({'dry run' if dry_run else 'done'}):")
    for target, n in sorted(run.removed.items()):
        click.echo(f"  {target}\t{verb} {n}")


@dpo.command()
@click.option("--agency", required=True, help="The agency whose disclosures to report.")
@click.option(
    "--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]), help="First day."
)
@click.option(
    "--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]), help="Day after the last."
)
@click.pass_obj
def ledger(obj: AkrimContext, agency: str, start: datetime, end: datetime) -> None:
    """Disclosures an agency sent and received in a period, per counterpart and basis."""
    open_operational_db(obj.store)
    from akrim.web.sharing.selectors import disclosure_report

    click.echo("direction\tcounterpart\tpurpose\tdisclosures\tprovision")
    utc_start, utc_end = (d.replace(tzinfo=UTC) for d in (start, end))
    for line in disclosure_report(agency=agency, start=utc_start, end=utc_end):
        click.echo(
            f"{line.direction}\t{line.counterpart}\t{line.purpose}\t{line.disclosures}"
            f"\t{line.provision}"
        )
