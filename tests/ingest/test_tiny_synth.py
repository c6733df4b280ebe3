"""Reconciliation on the synthetic generator's `tiny` delivery against its listed bad rows.

Tests may read ``truth/bad_rows.csv``; the product never does.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from akrim.domain.registers import BY_PATH
from akrim.engines.backend import open_store
from akrim.engines.ingest.rules import RULE_OF_TYPE
from akrim.pipelines.ingest import run_ingest

from .fixture_delivery import gzip_files

synth = pytest.importorskip("akrim.synth.delivery")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny") / "delivery"
    synth.generate_delivery(out, seed=42, size="tiny")
    return out


def _listed_bad_rows(delivery: Path) -> dict[tuple[str, str], str]:
    with (delivery / "truth" / "bad_rows.csv").open(encoding="utf-8") as handle:
        return {(r["file"], r["record_id"]): r["reason"] for r in csv.DictReader(handle)}


def _expected_rule(path: str, reason: str) -> tuple[str, str]:
    """(column, rule) from a reason written ``column: what is wrong``."""
    field = reason.split(":", 1)[0].strip()
    register = BY_PATH[path]
    # JSON files may name the source field (fodselsnummer) rather than the flattened column
    column = next(
        c
        for c in register.columns
        if field in (c.name, c.json_path, c.json_path.rsplit(".", 1)[-1])
    )
    return column.name, RULE_OF_TYPE.get(column.type, "required")


def test_tiny_every_listed_bad_row_is_quarantined_and_no_good_row_lost(
    tiny: Path, tmp_path: Path, reader, store: Path
) -> None:
    listed = _listed_bad_rows(tiny)
    assert listed, "the tiny delivery plants bad rows"
    report = run_ingest(store, tiny)
    assert report.exit_code == 0, [(f.path, f.reason) for f in report.files]
    quarantined = reader('SELECT source_file, record_id, "column", rule FROM meta.quarantine')
    got = {(f, r): (c, rule) for f, r, c, rule in quarantined}
    assert set(got) == set(listed)
    for key, reason in listed.items():
        assert got[key] == _expected_rule(key[0], reason), (key, reason)
    for f in report.files:
        if f.status == "loaded":
            assert f.read == f.loaded + f.quarantined + f.duplicates, f.path
            assert f.duplicates == 0
    manifest_rows = sum(f.read for f in report.files if f.path != "brreg/roller.jsonl")
    loaded = reader("SELECT sum(loaded) + sum(quarantined) FROM meta.reconciliation")[0][0]
    roles = next(f for f in report.files if f.path == "brreg/roller.jsonl")
    assert loaded == manifest_rows + roles.read


def test_tiny_with_gzipped_csv_files_loads_the_same_facts(
    tiny: Path, tmp_path: Path, store: Path, reader
) -> None:
    listed = _listed_bad_rows(tiny)
    packed = tuple(sorted({path for path, _ in listed if path.endswith(".csv")}))[:3]
    packed += ("skatteetaten/folkeregister.csv",)
    delivery = tmp_path / "gz"
    shutil.copytree(tiny, delivery)
    gzip_files(delivery, packed)
    plain = run_ingest(tmp_path / "plain", tiny)
    report = run_ingest(store, delivery)
    assert report.exit_code == 0, [(f.path, f.reason) for f in report.files]
    statuses = {f.path: f.status for f in report.files}
    assert all(statuses[p + ".gz"] == "loaded" for p in packed)

    def unpacked(path: str) -> str:
        return path.removesuffix(".gz")

    lines = {(unpacked(f.path), f.read, f.loaded, f.quarantined) for f in report.files}
    assert lines == {(f.path, f.read, f.loaded, f.quarantined) for f in plain.files}
    quarantine = 'SELECT source_file, record_id, line, "column", rule, value FROM meta.quarantine'
    got = {(unpacked(str(q[0])), *q[1:]) for q in reader(quarantine)}
    backend = open_store(tmp_path / "plain")
    try:
        assert got == set(backend.rows(quarantine))
        ours = open_store(store)
        try:
            for path in packed:
                table = f"facts.{BY_PATH[path].table}"
                query = f"SELECT * EXCLUDE (_source_file) FROM {table} ORDER BY record_id"
                assert ours.rows(query) == backend.rows(query)
                assert ours.rows(f"SELECT DISTINCT _source_file FROM {table}") == [(path + ".gz",)]
        finally:
            ours.close()
    finally:
        backend.close()
    files = reader("SELECT path, status FROM meta.delivery_files WHERE path LIKE '%.gz'")
    assert sorted(files) == [(p + ".gz", "loaded") for p in packed]
