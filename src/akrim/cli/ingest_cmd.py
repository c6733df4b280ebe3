"""`akrim ingest`: validate and load a delivery; `akrim demo-summary`: what the store holds."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from akrim.pipelines.ingest import (
    BackendError,
    IngestReport,
    ManifestError,
    run_ingest,
    summarise_store,
)

STATUS_STYLE = {
    "loaded": "green",
    "already_loaded": "cyan",
    "absent": "dim",
    "rejected": "bold red",
}


def _report_table(report: IngestReport) -> Table:
    table = Table(title=f"delivery {report.delivery_id}", show_lines=False)
    for name in ("file", "status", "read", "loaded", "quarantined", "duplicate", "superseded"):
        table.add_column(name, justify="left" if name in ("file", "status") else "right")
    for f in report.files:
        style = STATUS_STYLE.get(f.status, "")
        table.add_row(
            f.path,
            f"[{style}]{f.status}[/{style}]" if style else f.status,
            *(str(v) for v in (f.read, f.loaded, f.quarantined, f.duplicates, f.superseded)),
        )
    t = report.totals
    table.add_row(
        "total",
        "",
        *(str(t[k]) for k in ("read", "loaded", "quarantined", "duplicates", "superseded")),
        style="bold",
    )
    return table


def _print_report(console: Console, report: IngestReport) -> None:
    console.print(_report_table(report))
    for f in report.files:
        if f.status == "rejected":
            console.print(f"[red]rejected[/red] {f.path}: {f.reason}")
        elif f.status == "loaded" and not f.balanced:
            console.print(f"[red]unbalanced[/red] {f.path}: read != loaded + quarantined + dup")
        if f.code_warnings:
            console.print(
                f"[yellow]warning[/yellow] {f.path}: {f.code_warnings} code(s) "
                "outside the contract's lists (kept)"
            )
    for warning in report.warnings:
        console.print(f"[yellow]warning[/yellow] {warning}")
    rejected = sum(f.status == "rejected" for f in report.files)
    verdict = f"{rejected} file(s) rejected" if rejected else "delivery taken"
    console.print(f"{verdict}; exit status {report.exit_code}")


@click.command()
@click.argument("delivery", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@click.pass_obj
def ingest(obj: object, delivery: Path, as_json: bool) -> None:
    """Validate and load DELIVERY into the store.

    Exit status 0 when the delivery was taken (quarantined rows are no failure), 2 when a
    file was rejected whole (checksum, row count, path, provenance or unreadable).
    """
    store: Path = obj.store  # type: ignore[attr-defined]
    console = Console(stderr=as_json, width=None if sys.stdout.isatty() else 140)
    use_progress = console.is_terminal and not as_json
    try:
        if use_progress:
            with console.status("starting") as status:

                def progress(path: str, event: str) -> None:
                    if event == "start":
                        status.update(f"loading {path}")
                    elif event.startswith("piece "):
                        status.update(f"loading {path} ({event})")
                    else:
                        console.print(f"  {path}: {event}")

                report = run_ingest(store, delivery, progress)
        else:
            report = run_ingest(store, delivery)
    except (ManifestError, BackendError) as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=1, default=str))
    else:
        _print_report(console, report)
    sys.exit(report.exit_code)


@click.command("demo-summary")
@click.pass_obj
def demo_summary(obj: object) -> None:
    """Print a summary of what the store holds: deliveries, rows per table, quarantine."""
    store: Path = obj.store  # type: ignore[attr-defined]
    summary = summarise_store(store)
    if summary is None:
        raise click.ClickException(f"{store}: nothing ingested yet (run `akrim ingest` first)")
    console = Console()
    deliveries = Table(title="deliveries")
    for name in ("delivery_id", "created", "files loaded", "rejected", "absent"):
        deliveries.add_column(name)
    for row in summary.deliveries:
        deliveries.add_row(*(str(v) for v in row))
    console.print(deliveries)
    tables = Table(title="facts")
    for name in ("table", "rows (all versions)", "current"):
        tables.add_column(name, justify="right" if name != "table" else "left")
    for name, total, current in summary.tables:
        tables.add_row(name, str(total), str(current))
    console.print(tables)
    quarantine = Table(title="quarantine")
    for name in ("file", "rule", "rows"):
        quarantine.add_column(name)
    for row in summary.quarantine:
        quarantine.add_row(*(str(v) for v in row))
    console.print(quarantine)
    console.print(f"content hash {summary.content_hash}")
