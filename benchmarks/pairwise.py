"""Pairwise precision, recall and F1 of a clustering against the truth (independent of akrim).

Two records are a predicted pair when they share a predicted cluster, a true pair when they
share a true cluster; only records present in both mappings count.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    predicted_pairs: int
    true_pairs: int
    records: int

    def line(self, label: str) -> str:
        return (
            f"{label}: precision {self.precision:.4f}  recall {self.recall:.4f}  "
            f"F1 {self.f1:.4f}  (records {self.records}, predicted pairs "
            f"{self.predicted_pairs}, true pairs {self.true_pairs})"
        )


def _pairs(sizes: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


def pairwise_scores(
    predicted: Mapping[Hashable, Hashable], truth: Mapping[Hashable, Hashable]
) -> Scores:
    keys = predicted.keys() & truth.keys()
    both = Counter((predicted[k], truth[k]) for k in keys)
    tp = _pairs(both.values())
    pred = _pairs(Counter(predicted[k] for k in keys).values())
    true = _pairs(Counter(truth[k] for k in keys).values())
    precision = tp / pred if pred else 1.0
    recall = tp / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, pred, true, len(keys))


def scores_from_pairs(
    predicted_pairs: Iterable[tuple[Hashable, Hashable]],
    true_pairs: Iterable[tuple[Hashable, Hashable]],
) -> Scores:
    """The same measures for a pair list (a linker that outputs pairs, not clusters)."""
    pred = {tuple(sorted(map(str, p))) for p in predicted_pairs}
    true = {tuple(sorted(map(str, p))) for p in true_pairs}
    tp = len(pred & true)
    precision = tp / len(pred) if pred else 1.0
    recall = tp / len(true) if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, len(pred), len(true), 0)


def read_identities(path: Path, kind: str) -> dict[tuple[str, str, str], str]:
    """identities.csv rows of one entity kind: (source_file, record_id, role) -> entity."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (r["source_file"], r["record_id"], r["role"]): r["entity_id"]
            for r in csv.DictReader(handle)
            if r["entity_kind"] == kind
        }


def read_truth(path: Path, key_column: str) -> dict[tuple[str, str, str], str]:
    """truth/persons.csv or truth/companies.csv: (source_file, record_id, role) -> true key."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (r["source_file"], r["record_id"], r["role"]): r[key_column]
            for r in csv.DictReader(handle)
        }
