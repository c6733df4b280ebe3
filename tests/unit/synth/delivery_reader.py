"""Reads a delivery back for the tests: rows of every register file and the truth tables."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from akrim.domain.registers import FileFormat, RegisterFile

TINY_SEED = 7  # the seed of the tiny delivery the tests share


def csv_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def units(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def role_records(path: Path) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(record_id, role, the unit's line) for every role, ids as orgnr:ROLE:index."""
    for line in path.read_text(encoding="utf-8").splitlines():
        unit = json.loads(line)
        index = 0
        for group in unit["rollegrupper"]:
            for role in group["roller"]:
                code = role["type"]["kode"]
                yield f"{unit['organisasjonsnummer']}:{code}:{index}", role, unit
                index += 1


def record_ids(out: Path, rf: RegisterFile) -> list[str]:
    path = out / rf.path
    if rf.format is FileFormat.CSV:
        return [r["record_id"] for r in csv_rows(path)[1]]
    if rf.format is FileFormat.JSON_ARRAY:
        return [u["organisasjonsnummer"] for u in units(path)]
    return [rid for rid, _role, _unit in role_records(path)]


def data_rows(out: Path, rf: RegisterFile) -> int:
    path = out / rf.path
    if rf.format is FileFormat.CSV:
        return len(csv_rows(path)[1])
    if rf.format is FileFormat.JSON_ARRAY:
        return len(units(path))
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
