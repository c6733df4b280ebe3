"""Which register files each ``akrim export`` draws on: the scopes the read gateway decides on.

An export is derived from facts of several agencies. Before it is written, the command line
asks the sharing policy about every register file the rows come from, so the audit event and
the disclosure ledger name exactly those registers.
"""

from __future__ import annotations

from pathlib import Path

from akrim.domain.access import FactScope
from akrim.domain.registers import BY_PATH, REGISTER_FILES, Classification
from akrim.engines.backend import Backend, open_store

# Exports whose rows come from the whole analysis (resolution, networks, scores), which reads
# every register file the store holds.
WHOLE_ANALYSIS = frozenset({"priorities", "companies", "fairness"})
EXPORTS = ("priorities", "companies", "identities", "quarantine", "fairness")


class StageMissing(RuntimeError):
    """The store lacks the stage an export reads (never ingested, analysed or scored)."""


def export_scopes(store: Path, export: str) -> list[FactScope]:
    """One scope per register file the export's rows are derived from, in path order."""
    if export not in EXPORTS:
        raise ValueError(f"unknown export {export!r}; one of: {', '.join(EXPORTS)}")
    backend = open_store(store)
    try:
        paths = _source_files(backend, store, export)
    finally:
        backend.close()
    # Two files of one register make one scope.
    return list(dict.fromkeys(scope_of_path(p) for p in sorted(set(paths))))


def scope_of_path(path: str) -> FactScope:
    """The scope of a source file; a file outside the contract counts as confidential."""
    known = BY_PATH.get(path)
    if known is not None:
        return FactScope.of_file(known)
    agency = path.split("/", 1)[0]
    return FactScope(agency, Classification.CONFIDENTIAL, path, None, (path,))


def _source_files(backend: Backend, store: Path, export: str) -> list[str]:
    if export in WHOLE_ANALYSIS:
        if not _table_exists(backend, "risk", "companies"):
            raise StageMissing(f"no scores in {store}: run `akrim analyse` first")
        return _files_with_current_facts(backend)
    if export == "identities":
        if not _table_exists(backend, "resolution", "identities"):
            raise StageMissing(f"no resolved identities in {store}: run `akrim analyse` first")
        return [
            str(r[0]) for r in backend.rows(_DISTINCT_SOURCES_SQL.format("resolution.identities"))
        ]
    if not _table_exists(backend, "meta", "quarantine"):
        return []
    return [str(r[0]) for r in backend.rows(_DISTINCT_SOURCES_SQL.format("meta.quarantine"))]


_DISTINCT_SOURCES_SQL = "SELECT DISTINCT source_file FROM {} WHERE source_file IS NOT NULL"


def _table_exists(backend: Backend, schema: str, table: str) -> bool:
    return bool(
        backend.scalar(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema = ? AND table_name = ?",
            [schema, table],
        )
    )


def _files_with_current_facts(backend: Backend) -> list[str]:
    """Register files of which the store holds at least one current fact."""
    present = [f for f in REGISTER_FILES if _table_exists(backend, "current", f.table)]
    if not present:
        return []
    probes = " UNION ALL ".join(
        f"SELECT '{f.path}' WHERE EXISTS (SELECT 1 FROM current.\"{f.table}\")" for f in present
    )
    return [str(r[0]) for r in backend.rows(probes)]
