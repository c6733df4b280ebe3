"""Register facts with their provenance, for the read gateway's loaders only.

Every function here that returns facts takes ``allowed``: the fact scopes the read gateway
allowed (``akrim.web.sharing.gateway.read_facts`` passes them to its loader). Rows of a
register whose scope is not allowed are never read. `scopes_for` builds the scopes a page
asks the gateway about.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from akrim.domain.access import FactScope
from akrim.domain.registers import BY_PATH, REGISTER_FILES, RegisterFile
from akrim.engines.backend import Backend

PROVENANCE_COLUMNS = frozenset(
    {"_delivery_id", "_source_file", "_line", "_row_hash", "_valid_from", "_valid_to", "_extra"}
)
DEFAULT_LIMIT = 10
EVIDENCE_PER_INDICATOR = 20
SHOWN_PROVENANCE = ("_delivery_id", "_source_file", "_line", "_valid_to")


@dataclass(frozen=True, slots=True)
class Provenance:
    agency: str
    register: str
    classification: str
    delivery_id: str
    extract_date: str
    legal_basis: str
    source_file: str
    line: int
    record_id: str


@dataclass(frozen=True, slots=True)
class FactRecord:
    source_file: str
    record_id: str
    fields: tuple[tuple[str, str], ...]  # (column, value as text), contract order
    provenance: Provenance

    def value(self, column: str) -> str:
        return dict(self.fields).get(column, "")


@dataclass(frozen=True, slots=True)
class RegisterFacts:
    """One register's records about a subject: how many there are, and the first ones."""

    source_file: str
    register: str
    agency: str
    classification: str
    total: int
    records: tuple[FactRecord, ...]


def scopes_for(files: Iterable[RegisterFile], subject: str) -> list[FactScope]:
    """The scopes to ask the gateway for: one per register file, about one subject."""
    return [FactScope.of_file(f, subject) for f in files]


def allowed_files(allowed: Sequence[FactScope]) -> dict[str, RegisterFile]:
    """The register files (by path) whose scope the gateway allowed."""
    keys = {(s.agency, s.register) for s in allowed}
    return {f.path: f for f in REGISTER_FILES if (f.agency, f.register) in keys}


def files_mentioning(kind: str) -> tuple[RegisterFile, ...]:
    """The register files whose records can mention a person or a company."""
    return tuple(f for f in REGISTER_FILES if any(m.kind == kind for m in f.mentions))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | Decimal):
        return str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def records_by_id(
    backend: Backend,
    source_file: str,
    record_ids: Sequence[str],
    allowed: Sequence[FactScope],
    row_ids: Sequence[int | None] | None = None,
) -> tuple[FactRecord, ...]:
    """The current rows of one register file with these record ids, with provenance; nothing
    when the file's scope was not allowed. ``row_ids`` (the serving tables' positions of the
    same records) make the fetch cheap; a position that no longer holds the record (a later
    load or purge rewrote the table) falls back to a search by record id."""
    register_file = allowed_files(allowed).get(source_file)
    if register_file is None or not record_ids:
        return ()
    found: dict[str, FactRecord] = {}
    positions = [int(r) for r in (row_ids or ()) if r is not None]
    if positions:
        for row in _fetch(
            backend, register_file, "rowid IN (SELECT unnest(?::BIGINT[]))", positions
        ):
            if row.get("_valid_to") is None and _text(row["record_id"]) in record_ids:
                record = _record(register_file, row)
                found[record.record_id] = record
    missing = [r for r in record_ids if r not in found]
    if missing:
        for row in _fetch(
            backend,
            register_file,
            "_valid_to IS NULL AND record_id IN (SELECT unnest(?::VARCHAR[]))",
            missing,
        ):
            record = _record(register_file, row)
            found[record.record_id] = record
    return tuple(found[r] for r in dict.fromkeys(record_ids) if r in found)  # caller's order


def _fetch(
    backend: Backend,
    register_file: RegisterFile,
    where: str,
    values: list[object] | list[int] | list[str],
) -> list[dict[str, object]]:
    # Only the columns a page shows: every column costs a scan of the table's row groups.
    names = (*register_file.column_names, *SHOWN_PROVENANCE)
    columns = ", ".join(f'"{c}"' for c in names)
    rows: list[dict[str, object]] = [
        dict(zip(names, row, strict=True))
        for row in backend.rows(
            f'SELECT {columns} FROM facts."{register_file.table}" WHERE {where}', [list(values)]
        )
    ]
    if not rows:
        return []
    meta = _delivery_files(backend, register_file.path, {str(r["_delivery_id"]) for r in rows})
    extra = ("_agency", "_register", "_classification", "_extract_date", "_legal_basis")
    for row in rows:
        values_of = meta.get(str(row["_delivery_id"]), (None,) * len(extra))
        row.update(zip(extra, values_of, strict=True))
    return rows


# (delivery id, path) -> the delivery file's provenance. A delivery's files never change once
# loaded (a re-delivery has a new id), so this never goes stale within a process.
_DELIVERY_FILES: dict[tuple[str, str], tuple[object, ...]] = {}


def _delivery_files(
    backend: Backend, path: str, deliveries: set[str]
) -> dict[str, tuple[object, ...]]:
    missing = sorted(d for d in deliveries if (d, path) not in _DELIVERY_FILES)
    if missing:
        for delivery, *values in backend.rows(
            "SELECT delivery_id, agency, register, classification, extract_date, legal_basis "
            "FROM meta.delivery_files WHERE path = ? AND list_contains(?, delivery_id)",
            [path, missing],
        ):
            _DELIVERY_FILES[(str(delivery), path)] = tuple(values)
    return {d: _DELIVERY_FILES[(d, path)] for d in deliveries if (d, path) in _DELIVERY_FILES}


def _record(register_file: RegisterFile, row: dict[str, object]) -> FactRecord:
    fields = tuple(
        (c, _text(row.get(c))) for c in register_file.column_names if row.get(c) is not None
    )
    return FactRecord(
        source_file=register_file.path,
        record_id=_text(row["record_id"]),
        fields=fields,
        provenance=Provenance(
            agency=_text(row["_agency"]) or register_file.agency,
            register=_text(row["_register"]) or register_file.register,
            classification=_text(row["_classification"]) or register_file.classification,
            delivery_id=_text(row["_delivery_id"]),
            extract_date=_text(row["_extract_date"]),
            legal_basis=_text(row["_legal_basis"]),
            source_file=_text(row["_source_file"]),
            line=int(str(row["_line"])),
            record_id=_text(row["record_id"]),
        ),
    )


def entity_facts(
    backend: Backend,
    entity_id: str,
    allowed: Sequence[FactScope],
    *,
    limit: int = DEFAULT_LIMIT,
) -> tuple[RegisterFacts, ...]:
    """Every allowed register's records about a resolved entity (the first ``limit`` of each,
    newest record ids first), grouped by register file in contract order."""
    files = allowed_files(allowed)
    if not files:
        return ()
    rows = backend.rows(
        "SELECT source_file, count(DISTINCT record_id), "
        "list(DISTINCT {'r': record_id, 'w': row_id} ORDER BY {'r': record_id, 'w': row_id} DESC) "
        "FROM workbench.entity_records WHERE entity_id = ? AND list_contains(?, source_file) "
        "GROUP BY source_file",
        [entity_id, list(files)],
    )
    found: dict[str, tuple[int, list[dict[str, object]]]] = {
        str(path): (int(str(n)), list(pairs)[:limit])  # type: ignore[call-overload]
        for path, n, pairs in rows
    }
    result = []
    for path, register_file in files.items():
        if path not in found:
            continue
        total, pairs = found[path]
        ids = [str(p["r"]) for p in pairs]
        positions = [None if p["w"] is None else int(str(p["w"])) for p in pairs]
        result.append(
            RegisterFacts(
                source_file=path,
                register=register_file.register,
                agency=register_file.agency,
                classification=str(register_file.classification),
                total=total,
                records=records_by_id(backend, path, ids, allowed, positions),
            )
        )
    order = list(BY_PATH)
    return tuple(sorted(result, key=lambda r: order.index(r.source_file)))


def company_evidence(
    backend: Backend,
    orgnr: str,
    allowed: Sequence[FactScope],
    *,
    per_indicator: int = EVIDENCE_PER_INDICATOR,
) -> dict[tuple[str, str], FactRecord]:
    """The records behind a company's score contributions (where allowed), by reference:
    the first ``per_indicator`` of each indicator (the page lists as many)."""
    files = allowed_files(allowed)
    by_file: dict[str, tuple[list[str], list[int | None]]] = {}
    for path, record_id, row_id in backend.rows(
        "SELECT DISTINCT source_file, record_id, row_id FROM workbench.evidence_rows "
        "WHERE company_id = ? QUALIFY row_number() OVER (PARTITION BY indicator "
        "ORDER BY source_file, record_id) <= ? ORDER BY 1, 2",
        [orgnr, per_indicator],
    ):
        if str(path) in files:
            ids, rows = by_file.setdefault(str(path), ([], []))
            ids.append(str(record_id))
            rows.append(None if row_id is None else int(str(row_id)))
    found = {}
    for path, (ids, rows) in by_file.items():
        for record in records_by_id(backend, path, ids, allowed, rows):
            found[(record.source_file, record.record_id)] = record
    return found


def evidence_records(
    backend: Backend,
    refs: Iterable[tuple[str, str]],
    allowed: Sequence[FactScope],
) -> dict[tuple[str, str], FactRecord]:
    """The records behind (source_file, record_id) references, where allowed."""
    by_file: dict[str, list[str]] = {}
    for source_file, record_id in refs:
        by_file.setdefault(source_file, []).append(record_id)
    found = {}
    for source_file, ids in by_file.items():
        for record in records_by_id(backend, source_file, sorted(set(ids)), allowed):
            found[(record.source_file, record.record_id)] = record
    return found
