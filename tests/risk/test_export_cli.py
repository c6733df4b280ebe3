"""`akrim export priorities` and `akrim export companies` write the contract's columns from an
analysed store, and fail with a one-line reason on a store that was never analysed."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from akrim.cli.main import cli
from akrim.engines.backend import STORE_FILE
from akrim.engines.risk.stage import run_networks_and_scores

from .fixture_store import FixtureStore
from .typology_cases import PEOPLE, firm, job, months, role

# Exports go through the read gateway, which records each one in the operational database.
pytestmark = pytest.mark.django_db

A, B = "911111111", "922222222"


def _analysed_store(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    store.mkdir()
    rows = [firm(A, nace="81.210"), firm(B), role(A, PEOPLE[0]), role(B, PEOPLE[0])]
    rows += [job(A, PEOPLE[i], m, gross_pay_nok=12000) for i in range(1, 4) for m in months(8, 9)]
    fixture = FixtureStore(rows, database=str(store / STORE_FILE))
    run_networks_and_scores(fixture.backend)
    fixture.backend.close()
    return store


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_exports_write_the_contract_columns(tmp_path: Path) -> None:
    store = _analysed_store(tmp_path)
    runner = CliRunner()
    out = tmp_path / "priorities.csv"
    result = runner.invoke(cli, ["--store", str(store), "export", "priorities", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = _read(out)
    assert list(rows[0]) == ["rank", "actor_id", "score", "orgnrs", "person_ids", "indicators"]
    assert rows[0]["rank"] == "1" and float(rows[0]["score"]) > 0
    assert "WAGE_BELOW_MINIMUM" in rows[0]["indicators"].split()
    out = tmp_path / "companies.csv"
    result = runner.invoke(cli, ["--store", str(store), "export", "companies", "--out", str(out)])
    assert result.exit_code == 0, result.output
    companies = {r["orgnr"]: r for r in _read(out)}
    assert list(next(iter(companies.values()))) == ["orgnr", "score", "actor_id", "indicators"]
    assert {A, B} <= set(companies)
    assert all(float(r["score"]) >= 0 for r in companies.values())


def test_export_before_analyse_fails_with_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--store", str(tmp_path), "export", "priorities", "--out", str(tmp_path / "p.csv")]
    )
    assert result.exit_code != 0
    assert "run `akrim analyse` first" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_fairness_report_export(tmp_path: Path) -> None:
    store = _analysed_store(tmp_path)
    out = tmp_path / "fairness.csv"
    result = CliRunner().invoke(
        cli,
        ["--store", str(store), "export", "fairness", "--out", str(out), "--threshold", "0.01"],
    )
    assert result.exit_code == 0, result.output
    rows = _read(out)
    assert {r["grouping"] for r in rows} == {"citizenship", "sex", "age_band"}
    assert all(0 <= float(r["flag_rate"]) <= 1 for r in rows)
