"""`akrim analyse`, `akrim link` and `akrim export identities` on a hand-made store."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from akrim.cli.main import cli
from akrim.domain.registers import REGISTER_FILES
from akrim.engines.backend import open_store

from .fixture_store import load_current
from .test_resolve import LUKASZ_MENTIONS, _worker_rows

# Exports go through the read gateway, which records each one in the operational database.
pytestmark = pytest.mark.django_db


def _store(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    backend = open_store(store)
    # every register file present (empty when not in the fixture), as after an ingest
    load_current(backend, {f.path: [] for f in REGISTER_FILES} | dict(_worker_rows()))
    backend.close()
    return store


def _identities(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_analyse_reports_and_exports_identities(tmp_path: Path) -> None:
    store = _store(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["--store", str(store), "analyse", "--no-train"])
    assert result.exit_code == 0, result.output
    assert "entity resolution" in result.output and "links by rule" in result.output
    assert "same national ID or D-number" in result.output
    out = tmp_path / "identities.csv"
    result = runner.invoke(cli, ["--store", str(store), "export", "identities", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = _identities(out)
    assert list(rows[0]) == ["source_file", "record_id", "role", "entity_kind", "entity_id"]
    lukasz = {
        r["entity_id"] for r in rows if (r["source_file"], r["record_id"], r["role"]) in
        set(LUKASZ_MENTIONS) and r["entity_kind"] == "person"
    }  # fmt: skip
    assert len(lukasz) == 1


def test_a_rejected_link_splits_on_the_next_run(tmp_path: Path) -> None:
    store = _store(tmp_path)
    runner = CliRunner()
    runner.invoke(cli, ["--store", str(store), "analyse", "--no-train"])
    left = "arbeidstilsynet/tilsyn_personer.csv#T1#subject"
    right = "skatteetaten/folkeregister.csv#F1#subject"
    result = runner.invoke(
        cli, ["--store", str(store), "link", "reject", left, right, "--analyst", "kari"]
    )
    assert result.exit_code == 0, result.output
    runner.invoke(cli, ["--store", str(store), "analyse", "--no-train"])
    out = tmp_path / "identities.csv"
    runner.invoke(cli, ["--store", str(store), "export", "identities", "--out", str(out)])
    entity = {
        f"{r['source_file']}#{r['record_id']}#{r['role']}": r["entity_id"]
        for r in _identities(out)
        if r["entity_kind"] == "person"
    }
    assert entity[left] != entity[right]


def test_clear_errors_on_an_empty_store(tmp_path: Path) -> None:
    runner = CliRunner()
    store = tmp_path / "empty"
    result = runner.invoke(cli, ["--store", str(store), "analyse"])
    assert result.exit_code == 1
    assert "run `akrim ingest` first" in result.output
    out = tmp_path / "x.csv"
    result = runner.invoke(cli, ["--store", str(store), "export", "identities", "--out", str(out)])
    assert result.exit_code != 0 and "run `akrim analyse` first" in result.output
    result = runner.invoke(
        cli, ["--store", str(store), "link", "confirm", "a", "b", "--analyst", "x"]
    )
    assert result.exit_code == 1 and "source_file#record_id#role" in result.output


def test_analyse_refuses_a_memory_limit_that_is_no_size(tmp_path: Path) -> None:
    store = _store(tmp_path)
    result = CliRunner().invoke(cli, ["--store", str(store), "analyse", "--memory-limit", "lots"])
    assert result.exit_code == 2
    assert "'lots' is not a memory size such as 8GB or 512MiB" in result.output
