"""`akrim cases ...`: the case workflow from the host; today the overdue alerts."""

from __future__ import annotations

from datetime import date

import click

from akrim.cli.main import AkrimContext
from akrim.cli.operational_db import open_operational_db


@click.group()
def cases() -> None:
    """Cases of the intelligence cycle."""


@cases.command("overdue")
@click.option("--centre", default="", help="Only this centre's cases (default: every centre).")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day to judge by (default: today), e.g. to check next week's deadlines.",
)
@click.pass_obj
def overdue(obj: AkrimContext, centre: str, today: object) -> None:
    """Print cases and measures past their due date that are still open, one per line
    (tab-separated: kind, case, item, agency, state, owner, due, days late); exit status 1
    when there are any, so a scheduler can send the alert."""
    open_operational_db(obj.store)
    from akrim.web.cases.selectors import overdue_cases, overdue_measures

    day: date = today.date() if today is not None else date.today()  # type: ignore[attr-defined]
    click.echo("kind\tcase\titem\tagency\tstate\towner\tdue\tdays_late")
    late = 0
    for case in overdue_cases(centre=centre, today=day):
        owner = case.owner.username if case.owner else ""
        agencies = ",".join(case.agencies)
        days = (day - case.due_date).days
        click.echo(
            f"case\t{case.pk}\t{case.title}\t{agencies}\t{case.state}\t{owner}\t{case.due_date}\t{days}"
        )
        late += 1
    for measure in overdue_measures(centre=centre, today=day):
        owner = measure.owner.username if measure.owner else ""
        days = (day - measure.due_date).days
        click.echo(
            f"measure\t{measure.case_id}\t{measure.kind}\t{measure.agency}\t{measure.state}"
            f"\t{owner}\t{measure.due_date}\t{days}"
        )
        late += 1
    click.echo(f"{late} overdue", err=True)
    if late:
        raise SystemExit(1)
