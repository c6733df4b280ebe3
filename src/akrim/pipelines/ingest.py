"""The ingest job: load a delivery into the store and report per file; read the store back."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from akrim.engines.backend import BackendError, open_store
from akrim.engines.ingest import store as store_reader
from akrim.engines.ingest.loader import (
    PIECE_BYTES,
    DeliveryResult,
    FileResult,
    PieceSettings,
    load_delivery,
)
from akrim.engines.ingest.manifest import ManifestError

EXIT_OK = 0
EXIT_REJECTED = 2

__all__ = [
    "EXIT_OK",
    "EXIT_REJECTED",
    "BackendError",
    "IngestReport",
    "ManifestError",
    "export_quarantine",
    "neutralise_formula",
    "run_ingest",
    "summarise_store",
]


@dataclass
class IngestReport:
    """The run report: one reconciliation line per file, totals, warnings and the exit code."""

    delivery_id: str
    files: list[FileResult]
    warnings: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return EXIT_REJECTED if any(f.status == "rejected" for f in self.files) else EXIT_OK

    @property
    def totals(self) -> dict[str, int]:
        keys = ("read", "loaded", "superseded", "quarantined", "duplicates", "code_warnings")
        return {k: sum(int(getattr(f, k)) for f in self.files) for k in keys}

    def to_dict(self) -> dict[str, object]:
        return {
            "delivery_id": self.delivery_id,
            "exit_code": self.exit_code,
            "totals": self.totals,
            "files": [asdict(f) | {"balanced": f.balanced} for f in self.files],
            "warnings": self.warnings,
        }

    @classmethod
    def from_result(cls, result: DeliveryResult) -> IngestReport:
        return cls(result.delivery_id, result.files, result.warnings)


def run_ingest(
    store: Path,
    delivery: Path,
    progress: Callable[[str, str], None] | None = None,
    *,
    memory_limit: str | None = "4GB",
    piece_bytes: int = PIECE_BYTES,
) -> IngestReport:
    """Load ``delivery`` into the store at ``store``; ManifestError when it cannot be read.

    CSV files larger than ``piece_bytes`` are loaded in pieces cut under the store's
    ``tmp`` directory."""
    backend = open_store(store, memory_limit=memory_limit)
    pieces = PieceSettings(store / "tmp" / "ingest-pieces", piece_bytes)
    try:
        if progress is None:
            result = load_delivery(backend, delivery, pieces=pieces)
        else:
            result = load_delivery(backend, delivery, progress, pieces=pieces)
    finally:
        backend.close()
    return IngestReport.from_result(result)


@dataclass
class StoreSummary:
    deliveries: list[tuple[object, ...]]
    tables: list[tuple[str, int, int]]
    quarantine: list[tuple[object, ...]]
    content_hash: str


def summarise_store(store: Path) -> StoreSummary | None:
    """What the store holds; None when nothing was ever ingested there."""
    backend = open_store(store)
    try:
        if not store_reader.store_is_initialised(backend):
            return None
        return StoreSummary(
            store_reader.deliveries(backend),
            store_reader.table_counts(backend),
            store_reader.quarantine_counts(backend),
            store_reader.content_hash(backend),
        )
    finally:
        backend.close()


_FORMULA_START = ("=", "+", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def neutralise_formula(value: object) -> object:
    """Prefix a quote to text a spreadsheet would run as a formula (the value is kept)."""
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(_FORMULA_START) or (
        value.startswith("-") and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def export_quarantine(store: Path, out: Path) -> int:
    """Write every quarantined row to ``out``; the number of rows written."""
    backend = open_store(store)
    try:
        rows = (
            store_reader.quarantine_rows(backend)
            if store_reader.store_is_initialised(backend)
            else []
        )
    finally:
        backend.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(store_reader.QUARANTINE_COLUMNS)
        for row in rows:
            writer.writerow(["" if v is None else neutralise_formula(v) for v in row])
    return len(rows)
