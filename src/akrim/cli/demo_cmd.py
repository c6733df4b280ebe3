"""`akrim demo`: a fresh synthetic delivery, ingested and analysed, demo users, then serve."""

from __future__ import annotations

import csv
import itertools
import shutil
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from akrim.cli.main import AkrimContext
from akrim.synth.sizes import SIZES

STORE_NAME = "akrim-data"
DELIVERY_NAME = "delivery"
# What earlier demo runs leave in the directory; anything else there is not ours to delete.
DEMO_ENTRIES = frozenset(
    {STORE_NAME, DELIVERY_NAME, "priorities.csv", "companies.csv", "identities.csv",
     "quarantine.csv"}
)  # fmt: skip


@click.command()
@click.option(
    "--dir",
    "directory",
    default="demo",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory for the delivery, the store and the CSV exports (made afresh).",
)
@click.option(
    "--size", default="small", show_default=True, type=click.Choice(list(SIZES)), help="Size."
)
@click.option("--seed", default=42, show_default=True, type=int, help="Random seed.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--threads", default=8, show_default=True, type=int, help="Requests served at once.")
@click.option("--no-serve", is_flag=True, help="Prepare everything, print the users, and stop.")
def demo(
    directory: Path, size: str, seed: int, host: str, port: int, threads: int, no_serve: bool
) -> None:
    """Generate a synthetic delivery, ingest and analyse it, write the CSV exports, create the
    demo users (printed with their password), then serve the web application."""
    console = Console(width=None if sys.stdout.isatty() else 120)
    store = directory / STORE_NAME
    _clear(directory)
    _prepare_store(console, directory, store, size=size, seed=seed)
    _write_exports(console, directory, store)
    _print_top(console, directory / "priorities.csv")
    _print_users(console, _create_users(store))
    if no_serve:
        return
    from akrim.cli.serve_cmd import serve_store

    serve_store(AkrimContext(store), host=host, port=port, threads=threads)


def _clear(directory: Path) -> None:
    if not directory.exists():
        return
    if not directory.is_dir():
        raise click.ClickException(f"{directory} exists and is not a directory")
    strangers = sorted(p.name for p in directory.iterdir() if p.name not in DEMO_ENTRIES)
    if strangers:
        raise click.ClickException(
            f"{directory} holds files a demo did not make ({', '.join(strangers[:5])}); "
            "choose another --dir"
        )
    shutil.rmtree(directory)


def _prepare_store(console: Console, directory: Path, store: Path, *, size: str, seed: int) -> None:
    from akrim.pipelines.analyse import run_analyse
    from akrim.pipelines.ingest import run_ingest
    from akrim.synth import generate_delivery

    delivery = directory / DELIVERY_NAME
    with console.status(f"generating a {size} delivery (seed {seed})") as status:
        generate_delivery(delivery, seed=seed, size=size, progress=status.update)
        status.update("ingesting")
        report = run_ingest(store, delivery)
        if report.exit_code != 0:
            console.print(f"[red]ingest rejected files of {delivery}[/red]")
            sys.exit(report.exit_code)
        analysed = run_analyse(store, None, lambda stage: status.update(f"analysing: {stage}"))
    seconds = sum(stage.seconds for stage in analysed.stages)
    console.print(
        f"delivery {report.delivery_id}: {report.totals['loaded']} rows loaded, "
        f"{report.totals['quarantined']} quarantined; analysed in {seconds:.0f} s"
    )


def _write_exports(console: Console, directory: Path, store: Path) -> None:
    from akrim.cli.export_cmd import export_file

    # Through the read gateway like `akrim export`: audited, as the host's store operator.
    for name in ("priorities", "companies", "identities", "quarantine"):
        rows, _ = export_file(store, name, directory / f"{name}.csv")
        console.print(f"wrote {directory / f'{name}.csv'} ({rows} rows)")


def _print_top(console: Console, priorities: Path, shown: int = 5) -> None:
    with priorities.open(newline="", encoding="utf-8") as f:
        rows = list(itertools.islice(csv.DictReader(f), shown))
    table = Table(title=f"top threat actors ({priorities})")
    for name in ("rank", "actor", "score", "companies", "strongest indicators"):
        table.add_column(name)
    for row in rows:
        companies = row["orgnrs"].split()
        table.add_row(
            row["rank"],
            row["actor_id"],
            f"{float(row['score']):.1f}",
            str(len(companies)),
            " ".join(row["indicators"].split()[:3]),
        )
    console.print(table)


def _create_users(store: Path) -> list[tuple[str, str, str, str, str]]:
    from akrim.web.bootstrap import setup

    setup(store)
    from akrim.web.accounts.demo_users import DEMO_USERS, demo_users_create

    demo_users_create()
    return [
        (u.username, u.agency, u.centre or "national", ", ".join(u.roles), u.note)
        for u in DEMO_USERS
    ]


def _print_users(console: Console, rows: list[tuple[str, str, str, str, str]]) -> None:
    from akrim.web.accounts.demo_users import DEMO_PASSWORD

    table = Table(title=f"demo users (password for all: {DEMO_PASSWORD})")
    for name in ("user name", "agency", "centre", "roles", ""):
        table.add_column(name, no_wrap=True)
    for row in rows:
        table.add_row(*row)
    console.print(table)
