"""`akrim analyse`: run the analysis stages and print the quality report and the change in
learned weights (with the centres' case outcomes from the operational database, when there is
one); `akrim link confirm|reject`: an analyst's decision on a link between two mentions."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from akrim.domain.outcomes import CaseOutcome, TrackedSubject, WeightChange
from akrim.engines.resolution.decisions import Verdict
from akrim.engines.resolution.memory import BadSize, size_bytes
from akrim.engines.resolution.resolve import KindReport, ResolutionReport
from akrim.pipelines.analyse import (
    AnalyseOptions,
    AnalyseReport,
    NothingIngested,
    decide_link,
    run_analyse,
)
from akrim.pipelines.feedback import FeedbackReport


def _kind_table(report: ResolutionReport) -> Table:
    table = Table(title="entity resolution")
    for name in ("", "mentions", "profiles", "entities", "refused joins", "to review", "ids kept"):
        table.add_column(name, justify="left" if not name else "right")
    for k in (report.persons, report.companies):
        table.add_row(
            {"person": "persons", "company": "companies"}[k.kind],
            *(str(v) for v in (k.mentions, k.profiles, k.entities, k.refused, k.to_review,
                               k.ids_kept)),
        )  # fmt: skip
    return table


def _rules_table(kinds: tuple[KindReport, ...]) -> Table:
    table = Table(title="links by rule")
    table.add_column("kind")
    table.add_column("rule")
    table.add_column("links", justify="right")
    for k in kinds:
        for rule, n in sorted(k.links_by_rule.items(), key=lambda r: -r[1]):
            table.add_row(k.kind, rule, str(n))
    return table


def print_resolution(console: Console, report: ResolutionReport) -> None:
    console.print(_kind_table(report))
    console.print(_rules_table((report.persons, report.companies)))
    trained = "trained on this data" if report.model_trained else "default parameters"
    console.print(f"person model: {trained}; resolution took {report.seconds:.1f} s")
    for k in (report.persons, report.companies):
        if not k.review_sample:
            continue
        console.print(f"[bold]{k.kind} links to review[/bold] ({k.to_review} in all):")
        for link in k.review_sample:
            console.print(
                f"  p={link.probability:.2f}  {link.left_mention}  ~  {link.right_mention}\n"
                f"      {link.explanation}"
            )


def _number(value: float | int | None, digits: int = 3) -> str:
    if value is None:
        return "-"
    return str(value) if isinstance(value, int) else f"{value:.{digits}f}"


def _size_of_change(change: WeightChange) -> tuple[int, float]:
    """Biggest moves in points first, then in coefficient."""
    points = abs((change.points_after or 0) - (change.points_before or 0))
    return points, abs((change.coefficient_after or 0.0) - (change.coefficient_before or 0.0))


def print_feedback(console: Console, report: FeedbackReport) -> None:
    source = "operational database" if report.outcomes_given else "kept in the store"
    console.print(
        f"case outcomes ({source}): {report.case_outcomes} case subjects, "
        f"{report.companies_labelled} known companies labelled"
    )
    changed = report.changed
    if not changed:
        console.print("learned weights: unchanged since the previous run")
        return
    if all(c.coefficient_before is None for c in report.changes):
        console.print(f"learned weights: first learned on this store ({len(changed)} indicators)")
        return
    console.print(f"learned weights changed for {len(changed)} indicators (before -> after):")
    for c in sorted(changed, key=_size_of_change, reverse=True):
        console.print(
            f"  {c.indicator}: points {_number(c.points_before)} -> {_number(c.points_after)}, "
            f"coefficient {_number(c.coefficient_before)} -> {_number(c.coefficient_after)}",
            soft_wrap=True,
        )


def _print(console: Console, report: AnalyseReport) -> None:
    for stage in report.stages:
        console.print(f"stage [bold]{stage.name}[/bold]: {stage.seconds:.1f} s")
    if report.resolution is not None:
        print_resolution(console, report.resolution)
    if report.feedback is not None:
        print_feedback(console, report.feedback)


def _operational_db_exists(store: Path) -> bool:
    """A store analysed on its own (no web application yet) has no operational database."""
    return bool(os.environ.get("AKRIM_DATABASE_URL")) or (store / "app.sqlite3").exists()


def _case_outcomes(
    store: Path,
) -> tuple[tuple[CaseOutcome, ...] | None, tuple[TrackedSubject, ...] | None]:
    """The centres' case outcomes and subjects, or (None, None) without an operational
    database (the store keeps the outcomes an earlier run took)."""
    if not _operational_db_exists(store):
        return None, None
    from akrim.cli.operational_db import open_operational_db

    try:
        open_operational_db(store)
    except click.ClickException as error:
        # The analysis does not depend on the web application being up: learn from the
        # outcomes an earlier run kept, and say so.
        click.echo(f"warning: {error.message}; using the case outcomes kept in the store", err=True)
        return None, None
    from akrim.web.outcomes.learning_selectors import case_outcomes, tracked_subjects

    return tuple(case_outcomes()), tuple(tracked_subjects())


@click.command()
@click.option(
    "--link-threshold",
    type=click.FloatRange(0.5, 1.0),
    default=0.9,
    show_default=True,
    help="Match probability at which the person model links two records.",
)
@click.option("--no-train", is_flag=True, help="Use the model's default parameters.")
@click.option(
    "--memory-limit",
    default=None,
    help="Memory budget for the run's databases, e.g. 6GB [default: a third of the machine's RAM].",
)
@click.pass_obj
def analyse(obj: object, link_threshold: float, no_train: bool, memory_limit: str | None) -> None:
    """Entity resolution, networks, indicators and scores over everything ingested."""
    store: Path = obj.store  # type: ignore[attr-defined]
    if memory_limit is not None:
        try:
            size_bytes(memory_limit)
        except BadSize as error:
            raise click.BadParameter(str(error), param_hint="--memory-limit") from error
    console = Console(stderr=False)
    outcomes, tracked = _case_outcomes(store)
    options = AnalyseOptions(link_threshold, not no_train, memory_limit, outcomes, tracked)
    try:
        if console.is_terminal:
            with console.status("analysing") as status:
                report = run_analyse(store, options, lambda s: status.update(f"stage {s}"))
        else:  # a log: one timestamped line as each stage starts
            report = run_analyse(store, options, _log_stage)
    except NothingIngested as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    _print(console, report)


def _log_stage(name: str) -> None:
    click.echo(f"{time.strftime('%H:%M:%S')} stage {name} started", err=True)


@click.group()
def link() -> None:
    """Analysts' decisions on links between two mentions (source_file#record_id#role)."""


def _decide(verdict: Verdict) -> click.Command:
    @click.command(verdict.value)
    @click.argument("left")
    @click.argument("right")
    @click.option("--kind", type=click.Choice(["person", "company"]), default="person")
    @click.option("--analyst", required=True, help="Who decides (kept with the decision).")
    @click.option("--note", default="", help="Why.")
    @click.pass_obj
    def command(obj: object, left: str, right: str, kind: str, analyst: str, note: str) -> None:
        store: Path = obj.store  # type: ignore[attr-defined]
        try:
            decide_link(store, kind, left, right, verdict, analyst, note)
        except ValueError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(1)
        click.echo(f"{verdict.value}ed {left} ~ {right}; applied on the next `akrim analyse`")

    command.help = f"{verdict.value.capitalize()} that two mentions are the same person or company."
    return command


link.add_command(_decide(Verdict.CONFIRM))
link.add_command(_decide(Verdict.REJECT))
