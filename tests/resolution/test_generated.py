"""Resolution on a generated delivery, scored against its truth (tests may read truth/)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from akrim.engines.backend import open_store
from akrim.engines.resolution.resolve import ResolutionSettings, resolve
from akrim.pipelines.ingest import run_ingest
from akrim.synth.delivery import generate_delivery

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
from pairwise import pairwise_scores


def _truth(path: Path, key: str) -> dict[tuple[str, str, str], str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (r["source_file"], r["record_id"], r["role"]): r[key] for r in csv.DictReader(handle)
        }


@pytest.fixture(scope="module")
def resolved_tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("generated")
    delivery, store = work / "delivery", work / "store"
    generate_delivery(delivery, seed=3, size="tiny")
    run_ingest(store, delivery)
    backend = open_store(store)
    try:
        resolve(backend, ResolutionSettings())
        rows = backend.rows("SELECT source_file, record_id, role, entity_kind, entity_id "
                            "FROM resolution.identities")  # fmt: skip
    finally:
        backend.close()
    with (work / "identities.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("source_file", "record_id", "role", "entity_kind",
                                       "entity_id"), *rows])  # fmt: skip
    return delivery, work / "identities.csv"


def _predicted(path: Path, kind: str) -> dict[tuple[str, str, str], str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (r["source_file"], r["record_id"], r["role"]): r["entity_id"]
            for r in csv.DictReader(handle)
            if r["entity_kind"] == kind
        }


def test_persons_match_the_truth(resolved_tiny: tuple[Path, Path]) -> None:
    delivery, identities = resolved_tiny
    scores = pairwise_scores(
        _predicted(identities, "person"), _truth(delivery / "truth/persons.csv", "person_key")
    )
    assert scores.precision >= 0.99 and scores.recall >= 0.97, scores


def test_companies_match_the_truth(resolved_tiny: tuple[Path, Path]) -> None:
    delivery, identities = resolved_tiny
    scores = pairwise_scores(
        _predicted(identities, "company"), _truth(delivery / "truth/companies.csv", "company_key")
    )
    assert scores.f1 >= 0.99, scores


def test_every_good_mention_is_resolved(resolved_tiny: tuple[Path, Path]) -> None:
    delivery, identities = resolved_tiny
    with (delivery / "truth/bad_rows.csv").open(encoding="utf-8", newline="") as handle:
        bad = {(r["file"], r["record_id"]) for r in csv.DictReader(handle)}
    for kind, file, key in (("person", "persons.csv", "person_key"),
                            ("company", "companies.csv", "company_key")):  # fmt: skip
        predicted = _predicted(identities, kind)
        truth = _truth(delivery / "truth" / file, key)
        missing = {k for k in truth.keys() - predicted.keys() if (k[0], k[1]) not in bad}
        assert not missing, sorted(missing)[:5]
        assert not predicted.keys() - truth.keys(), sorted(predicted.keys() - truth.keys())[:5]
