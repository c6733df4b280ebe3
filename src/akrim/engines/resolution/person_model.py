"""The probabilistic person model: Splink settings (comparisons, blocking), training and
prediction with an explanation per link.

Splink runs on its own in-process DuckDB, held to its share of the run's memory budget and
spilling to the store's temporary directory; person profiles come in and scored pairs go out
as Parquet files, so the store's backend stays the only way into the store and no row passes
through Python.
"""

from __future__ import annotations

import logging
import math
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from akrim.engines.resolution.memory import spill_limit

Level = tuple[str, str, float, float]  # label, SQL condition, m, u


@dataclass(frozen=True, slots=True)
class ComparisonSpec:
    """One compared attribute: a null condition and levels from strongest to weakest."""

    name: str
    columns: tuple[str, ...]
    null_sql: str
    levels: tuple[Level, ...]  # the last level is "else"

    def labels_by_gamma(self) -> dict[int, str]:
        top = len(self.levels) - 1
        return {top - i: label for i, (label, _, _, _) in enumerate(self.levels)} | {-1: "null"}

    def as_splink(self) -> dict[str, Any]:
        levels: list[dict[str, Any]] = [
            {"sql_condition": _suffixed(self.null_sql), "label_for_charts": "null",
             "is_null_level": True}
        ]  # fmt: skip
        for label, sql, m, u in self.levels:
            levels.append(
                {"sql_condition": _suffixed(sql), "label_for_charts": label, "m_probability": m,
                 "u_probability": u}
            )  # fmt: skip
        return {
            "output_column_name": self.name,
            "comparison_description": self.name,
            "comparison_levels": levels,
        }


def _suffixed(sql: str) -> str:
    """Splink names the two sides of a compared column ``col_l`` and ``col_r``."""
    return re.sub(r"\b([lr])\.([a-z_]+)", r"\2_\1", sql)


def _null(*cols: str) -> str:
    return " OR ".join(f"{side}.{c} IS NULL" for c in cols for side in ("l", "r"))


NAME = ComparisonSpec(
    "name",
    ("name_key", "first_key", "last_key"),
    _null("name_key"),
    (
        ("exact", "l.name_key = r.name_key", 0.78, 2e-5),
        (
            "one name contains the other",
            "list_has_all(string_split(l.name_key, ' '), string_split(r.name_key, ' ')) "
            "OR list_has_all(string_split(r.name_key, ' '), string_split(l.name_key, ' '))",
            0.05,
            5e-5,
        ),
        (
            "one typo",
            "abs(length(l.name_key) - length(r.name_key)) <= 1 "
            "AND damerau_levenshtein(l.name_key, r.name_key) <= 1",
            0.07,
            1e-4,
        ),
        (
            "two typos or close",
            "jaro_winkler_similarity(l.name_key, r.name_key) >= 0.93 OR ("
            "abs(length(l.name_key) - length(r.name_key)) <= 2 "
            "AND damerau_levenshtein(l.name_key, r.name_key) <= 2)",
            0.04,
            1e-3,
        ),
        ("same surname", "l.last_key = r.last_key", 0.02, 5e-3),
        ("different", "TRUE", 0.04, 0.99385),
    ),
)

BIRTH_DATE = ComparisonSpec(
    "birth_date",
    ("birth_date", "bd_swap"),
    _null("birth_date"),
    (
        ("exact", "l.birth_date = r.birth_date", 0.92, 5e-5),
        ("day and month swapped", "l.bd_swap = CAST(r.birth_date AS VARCHAR)", 0.02, 2e-5),
        (
            "one part differs",
            "(year(l.birth_date) = year(r.birth_date) AND (month(l.birth_date) = "
            "month(r.birth_date) OR day(l.birth_date) = day(r.birth_date))) OR "
            "(month(l.birth_date) = month(r.birth_date) AND day(l.birth_date) = "
            "day(r.birth_date))",
            0.04,
            3e-3,
        ),
        ("different", "TRUE", 0.02, 0.99693),
    ),
)

PERSON_ID = ComparisonSpec(
    "person_id",
    ("person_id", "pid_is_dnr"),
    _null("person_id"),
    (
        ("same number", "l.person_id = r.person_id", 0.97, 1e-6),
        ("other number of the same kind", "l.pid_is_dnr = r.pid_is_dnr", 0.004, 0.9),
        ("D-number and national ID", "TRUE", 0.026, 0.099999),
    ),
)

FOREIGN_ID = ComparisonSpec(
    "foreign_id",
    ("fid_norm", "fid_country", "fid_type"),
    _null("fid_norm"),
    (
        (
            "same number",
            "l.fid_norm = r.fid_norm AND coalesce(l.fid_country = r.fid_country, TRUE)",
            0.93,
            1e-6,
        ),
        (
            "one typo",
            "damerau_levenshtein(l.fid_norm, r.fid_norm) <= 1 "
            "AND coalesce(l.fid_country = r.fid_country, TRUE)",
            0.04,
            1e-5,
        ),
        (
            "other number of the same kind",
            "coalesce(l.fid_type = r.fid_type, TRUE) AND coalesce(l.fid_country = "
            "r.fid_country, TRUE)",
            0.01,
            0.95,
        ),
        ("other kind of document", "TRUE", 0.02, 0.04999),
    ),
)

EMPLOYER = ComparisonSpec(
    "employer",
    ("employers",),
    "l.employers IS NULL OR r.employers IS NULL OR len(l.employers) = 0 OR len(r.employers) = 0",
    (
        ("shared employer", "len(list_intersect(l.employers, r.employers)) > 0", 0.7, 0.005),
        ("no shared employer", "TRUE", 0.3, 0.995),
    ),
)

COMPARISONS = (NAME, BIRTH_DATE, PERSON_ID, FOREIGN_ID, EMPLOYER)

# Each rule is an equi-join on cheap keys, so candidate pairs stay near-linear in the number
# of people (no rule joins on a name alone, which is quadratic in a common name); together
# they catch a typo in one name token, in one part of the birth date, swapped day and month,
# and names without a birth date.
BLOCKING_RULES = (
    "l.fid_norm = r.fid_norm",
    "l.birth_date = r.birth_date AND l.tok_first = r.tok_first",
    "l.birth_date = r.birth_date AND l.tok_last = r.tok_last",
    "l.bd_swap = CAST(r.birth_date AS VARCHAR) AND l.tok_first = r.tok_first",
    "l.name_key = r.name_key AND year(l.birth_date) = year(r.birth_date) "
    "AND month(l.birth_date) = month(r.birth_date)",
    "l.name_key = r.name_key AND month(l.birth_date) = month(r.birth_date) "
    "AND day(l.birth_date) = day(r.birth_date)",
    "l.name_key = r.name_key AND year(l.birth_date) = year(r.birth_date) "
    "AND day(l.birth_date) = day(r.birth_date)",
    "l.name_key = r.name_key AND l.birth_date IS NULL",
    "l.name_key = r.name_key AND r.birth_date IS NULL",
    "l.birth_date = r.birth_date AND l.first_key[1] = r.first_key[1] "
    "AND l.last_key[1] = r.last_key[1]",
)

TRAINING_BLOCKS = (
    "l.birth_date = r.birth_date",
    "l.name_key = r.name_key",
)

MIN_PROFILES_TO_TRAIN = 5_000
EM_MAX_PAIRS = 1_000_000
U_MAX_PAIRS = 500_000
log = logging.getLogger(__name__)


def settings(link_type: str = "dedupe_only", prior: float = 1e-5) -> dict[str, Any]:
    return {
        "link_type": link_type,
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": prior,
        "comparisons": [c.as_splink() for c in COMPARISONS],
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": r, "sql_dialect": "duckdb"} for r in BLOCKING_RULES
        ],
        "retain_intermediate_calculation_columns": True,
        "retain_matching_columns": False,
        "additional_columns_to_retain": [],
    }


@dataclass(frozen=True, slots=True)
class ModelRun:
    pairs: int  # pairs written, from the threshold up
    trained: bool
    prior: float
    model: dict[str, Any]  # Splink's settings with the parameters used


def _level_weights(model: dict[str, Any]) -> dict[str, list[tuple[str, float]]]:
    """Per comparison, each non-null level's label and match weight log2(m/u)."""
    weights: dict[str, list[tuple[str, float]]] = {}
    for comparison in model["comparisons"]:
        levels = []
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            if m and u:
                levels.append((str(level["label_for_charts"]), math.log2(m / u)))
        weights[comparison["output_column_name"]] = levels
    return weights


def explanation_sql(model: dict[str, Any]) -> str:
    """SQL naming, per comparison of a scored pair, the level that applied and its weight.

    Splink returns each comparison's match weight (``mw_<name>``); the level is the one whose
    trained weight that is (0 is the null level: the attribute was missing on a side).
    """
    parts = []
    for name, levels in _level_weights(model).items():
        mw = f"mw_{name}"
        cases = " ".join(
            f"WHEN abs({mw} - ({w!r})) < 1e-9 THEN '{label.replace(chr(39), chr(39) * 2)}'"
            for label, w in levels
        )
        parts.append(
            f"'{name}: ' || CASE WHEN {mw} = 0 THEN 'missing' {cases} ELSE 'other' END || "
            f"CASE WHEN {mw} = 0 THEN '' ELSE ' (' || "
            f"CASE WHEN {mw} > 0 THEN '+' ELSE '' END || round({mw}, 1) || ')' END"
        )
    return " || '; ' || ".join(parts)


def _timed(label: str, started: float) -> float:
    now = time.monotonic()
    log.info("%s: %.1f s", label, now - started)
    return now


def _train(linker: Any, n_profiles: int) -> bool:
    """Prior from identifier pairs, u by random sampling, m by EM; every step on a sample of
    bounded size, so training costs the same at any scale."""
    if n_profiles < MIN_PROFILES_TO_TRAIN:
        return False
    started = time.monotonic()
    max_pairs = min(U_MAX_PAIRS, n_profiles * 20)
    linker.training.estimate_probability_two_random_records_match(
        [
            {"blocking_rule": r, "sql_dialect": "duckdb"}
            for r in (
                "l.person_id = r.person_id",
                "l.fid_norm = r.fid_norm AND l.fid_country = r.fid_country",
                "l.name_key = r.name_key AND l.birth_date = r.birth_date",
            )
        ],
        recall=0.8,
    )
    started = _timed("prior", started)
    # One pass over the sample: waiting for rare levels (swapped dates) to be seen 100 times
    # costs minutes and moves their u by little.
    linker.training.estimate_u_using_random_sampling(
        max_pairs=max_pairs, seed=42, min_count_per_level=None
    )
    started = _timed("u", started)
    for rule in TRAINING_BLOCKS:
        linker.training.estimate_parameters_using_expectation_maximisation(
            {"blocking_rule": rule, "sql_dialect": "duckdb"},
            fix_u_probabilities=True,
            max_pairs=EM_MAX_PAIRS,
        )
        started = _timed(f"EM on {rule}", started)
    return True


def _prior(con: duckdb.DuckDBPyConnection, n_profiles: int) -> float:
    """Prior match probability from the profiles that share a valid identifier."""
    ((pairs,),) = con.execute(
        "SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT count(*) AS n FROM profiles "
        "WHERE person_id IS NOT NULL GROUP BY person_id)"
    ).fetchall()
    total = max(n_profiles * (n_profiles - 1) / 2, 1.0)
    # Identifier pairs are a lower bound of the true pairs: assume they are half of them, and
    # that a profile has at least one other profile of the same person in a thousand.
    floor = 1.0 / (1000.0 * max(n_profiles, 1))
    return float(min(max(2.0 * float(pairs) / total, floor), 0.01))


def _connect(workdir: Path, memory_limit: str | None) -> duckdb.DuckDBPyConnection:
    """Splink's database: in memory up to its share of the run's budget, then spilling to
    ``workdir`` (bounded, so a large run cannot fill the disk)."""
    con = duckdb.connect()
    spill = workdir / "spill"
    con.execute(f"SET temp_directory = '{_quoted(str(spill))}'")
    con.execute(f"SET max_temp_directory_size = '{spill_limit(spill)}'")
    con.execute("SET preserve_insertion_order = false")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    return con


def _quoted(text: str) -> str:
    return text.replace("'", "''")


def score_pairs(
    profiles: Path,
    pairs: Path,
    *,
    train: bool = True,
    threshold: float = 0.3,
    memory_limit: str | None = None,
) -> ModelRun:
    """Score candidate pairs of the person profiles in Parquet file ``profiles`` (columns as
    ``profile_columns``) and write those from ``threshold`` up, with their explanation, to
    Parquet file ``pairs`` (unique_id_l, unique_id_r, match_weight, match_probability,
    explanation).

    Files, not Python objects, carry the rows between the store and Splink, so millions of
    profiles and pairs never sit in Python's memory.
    """
    from splink import DuckDBAPI, Linker

    logging.getLogger("splink").setLevel(logging.ERROR)  # "level not observed" notes are noise
    con = _connect(pairs.parent, memory_limit)
    try:
        con.execute(
            f"CREATE TABLE profiles AS SELECT * FROM read_parquet('{_quoted(str(profiles))}')"
        )
        ((n,),) = con.execute("SELECT count(*) FROM profiles").fetchall()
        prior = _prior(con, int(n))
        db_api = DuckDBAPI(connection=con)
        table = db_api.register("profiles", dataset_display_name="person_profiles")
        linker = Linker(table, settings(prior=prior), log_level=None)
        trained = train and _train(linker, int(n))
        started = time.monotonic()
        predictions = linker.inference.predict(threshold_match_probability=threshold)
        _timed("predict", started)
        model = linker.misc.save_model_to_json()
        con.execute(
            f"COPY (SELECT unique_id_l, unique_id_r, match_weight, match_probability, "
            f"{explanation_sql(model)} AS explanation FROM {predictions.physical_name}) "
            f"TO '{_quoted(str(pairs))}' (FORMAT PARQUET)"
        )
        ((scored,),) = con.execute(
            f"SELECT count(*) FROM read_parquet('{_quoted(str(pairs))}')"
        ).fetchall()
    finally:
        con.close()
    prior_used = float(model["probability_two_random_records_match"])
    return ModelRun(int(scored), trained, prior_used, model)


def match_weight(probability: float) -> float:
    return math.log2(probability / (1 - probability)) if 0 < probability < 1 else math.inf
