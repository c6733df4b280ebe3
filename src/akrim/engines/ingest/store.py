"""Reading the store back: what it holds, its content hash, and the quarantine for export."""

from __future__ import annotations

import hashlib

from akrim.domain.registers import REGISTER_FILES

from ..backend import Backend, Row
from .rules_sql import quote_ident

QUARANTINE_COLUMNS = ("source_file", "record_id", "line", "column", "rule", "value")


def store_is_initialised(backend: Backend) -> bool:
    found = backend.scalar(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = 'meta' AND table_name = 'deliveries'"
    )
    return bool(found)


def table_counts(backend: Backend) -> list[tuple[str, int, int]]:
    """(table, all versions, current versions) for every fact table."""
    counts = []
    for register in REGISTER_FILES:
        table = quote_ident(register.table)
        total, current = backend.rows(
            f"SELECT count(*), count(*) FILTER (WHERE _valid_to IS NULL) FROM facts.{table}"
        )[0]
        counts.append((register.table, int(str(total)), int(str(current))))
    return counts


def deliveries(backend: Backend) -> list[Row]:
    return backend.rows(
        "SELECT delivery_id, created, files_loaded, files_rejected, files_absent "
        "FROM meta.deliveries ORDER BY created, delivery_id"
    )


def quarantine_counts(backend: Backend) -> list[Row]:
    return backend.rows(
        "SELECT source_file, rule, count(*) FROM meta.quarantine "
        "GROUP BY ALL ORDER BY source_file, rule"
    )


def quarantine_rows(backend: Backend) -> list[Row]:
    """Every quarantined value, in delivery, file and line order."""
    return backend.rows(
        'SELECT source_file, record_id, line, "column", rule, value FROM meta.quarantine '
        'ORDER BY delivery_id, source_file, line, "column", rule'
    )


def content_hash(backend: Backend) -> str:
    """A hash of everything the store holds as facts and quarantine, independent of row order.

    Load times (``meta.deliveries.loaded_at``) are left out: loading the same delivery twice
    must give the same hash.
    """
    digest = hashlib.sha256()
    queries = [
        f"SELECT '{r.table}', count(*), coalesce(bit_xor(hash(t)), 0), "
        f"coalesce(sum(hash(t) % 1000003), 0) FROM facts.{quote_ident(r.table)} t"
        for r in REGISTER_FILES
    ]
    queries.append(
        "SELECT 'quarantine', count(*), coalesce(bit_xor(hash(q)), 0), "
        "coalesce(sum(hash(q) % 1000003), 0) FROM meta.quarantine q"
    )
    for query in queries:
        digest.update(repr(backend.rows(query)).encode())
    return digest.hexdigest()
