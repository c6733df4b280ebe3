"""Loading one delivery: preflight checks per file, then the files, then one commit.

Order of work: the manifest and each file's path and provenance are checked first; each file's
bytes (checksum, encoding, header) are checked before anything of it is read into the store.
The byte checks run in a thread one file ahead of the database, which releases the
interpreter while it works, so the two overlap instead of adding up.

A file whose fact table is still empty (every file of a first delivery) is loaded ahead, in
transactions of its own, into a table no reader looks at (:func:`_preload`); the rest are
staged, validated and written inside the delivery's one transaction, which also moves the
tables loaded ahead into place and writes the meta rows, and commits once: a delivery is
visible all at once or not at all. Should the database reader fail on a file inside that
transaction, the transaction is rolled back and redone without that file, which is rejected.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from akrim.domain.registers import BY_PATH, REGISTER_FILES, FileFormat, RegisterFile

from ..backend import Backend, BackendError
from . import load_sql, staging_sql
from .file_scan import CHUNK as SCAN_BLOCK
from .file_scan import FileScan, is_gzip_name, read_csv_header, scan_file
from .lines import good_record_lines, lines_at_bytes
from .manifest import (
    GZIP_SUFFIX,
    FileEntry,
    Manifest,
    path_problem,
    provenance_problem,
    read_manifest,
    register_of,
)
from .pieces import BlockCounts, Cut, Piece, clear_directory, plan_cuts, write_piece
from .rules_sql import identifier_columns, quote_ident
from .schema_sql import (
    CODE_WARNING_COLUMNS,
    QUARANTINE_COLUMNS,
    create_fact_table_sql,
    mostly_distinct,
    schema_statements_sql,
    stored_text_columns,
    text_shares_sql,
)

MAX_QUARANTINE_VALUE = 1000
# a plain CSV file larger than this is loaded in pieces of about this size (see pieces.py):
# a piece's staging (about three times its bytes) stays within the loader's memory budget
PIECE_BYTES = 512 * 1024 * 1024
REJECT_RULES = {
    "TOO MANY COLUMNS": "field_count",
    "MISSING COLUMNS": "field_count",
    "LINE SIZE OVER MAXIMUM": "line_too_long",
    "UNQUOTED VALUE": "quoting",
    "INVALID ENCODING": "encoding",
    "INVALID UNICODE": "encoding",
}


@dataclass(slots=True)
class FileResult:
    """What happened to one file of a delivery (the reconciliation line)."""

    path: str
    status: str  # loaded | rejected | absent | already_loaded
    reason: str | None = None
    read: int = 0
    loaded: int = 0
    superseded: int = 0
    quarantined: int = 0
    duplicates: int = 0
    code_warnings: int = 0

    @property
    def balanced(self) -> bool:
        return self.read == self.loaded + self.quarantined + self.duplicates


@dataclass(slots=True)
class DeliveryResult:
    delivery_id: str
    created: dt.datetime
    files: list[FileResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "rejected"]


@dataclass(frozen=True, slots=True)
class FilePlan:
    entry: FileEntry
    register: RegisterFile
    path: Path
    scan: FileScan
    header: list[str]


@dataclass(slots=True)
class PendingFile:
    """A file whose path and provenance passed, its byte checks running in the background."""

    entry: FileEntry
    path: Path
    scan: Future[FileScan]
    outcome: FilePlan | FileResult | None = None

    def settle(self) -> FilePlan | FileResult:
        """Wait for the byte checks: the plan to load the file, or why it is rejected."""
        if self.outcome is None:
            self.outcome = _checked_bytes(self.entry, self.path, self.scan.result())
        return self.outcome


# (path, event): "start", "piece 2 of 9" while a large file loads in pieces, then its status
Progress = Callable[[str, str], None]


def _no_progress(path: str, event: str) -> None:
    return None


# ------------------------------------------------------------------ preflight


def _csv_header_problem(path: Path, register: RegisterFile) -> tuple[list[str], str | None]:
    try:
        header = read_csv_header(path)
    except ValueError as error:
        return [], str(error)
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        return header, f"duplicated header column(s): {', '.join(repeated)}"
    missing = [c for c in register.column_names if c not in header]
    if missing:
        return header, f"missing column(s): {', '.join(missing)}"
    return header, None


def _preflight(delivery: Path, entry: FileEntry, scanner: Executor) -> PendingFile | FileResult:
    reason = path_problem(delivery, entry.path) or provenance_problem(entry)
    if reason:
        return FileResult(entry.path, "rejected", reason)
    path = delivery / entry.path
    if not path.exists():
        return FileResult(entry.path, "absent", "listed in the manifest but not delivered")
    if not path.is_file():
        return FileResult(entry.path, "rejected", "not a regular file")
    return PendingFile(entry, path, scanner.submit(scan_file, path))


def _checked_bytes(entry: FileEntry, path: Path, scan: FileScan) -> FilePlan | FileResult:
    if scan.sha256 != entry.sha256:
        return FileResult(
            entry.path, "rejected", f"sha256 differs from the manifest ({scan.sha256})"
        )
    if scan.size == 0:
        return FileResult(entry.path, "rejected", "empty file (0 bytes)")
    if scan.fault:
        return FileResult(entry.path, "rejected", scan.fault)
    register = register_of(entry.path)
    assert register is not None  # provenance_problem rejected any other path
    header: list[str] = []
    if register.format is FileFormat.CSV:
        header, problem = _csv_header_problem(path, register)
        if problem:
            return FileResult(entry.path, "rejected", problem)
    return FilePlan(entry, register, path, scan, header)


def plan_delivery(
    delivery: Path, manifest: Manifest, scanner: Executor
) -> tuple[list[PendingFile], DeliveryResult]:
    """Check every manifest entry and contract file; the files fit to load so far, whose
    bytes ``scanner`` checks in the background."""
    result = DeliveryResult(manifest.delivery_id, manifest.created)
    plans: list[PendingFile] = []
    seen: dict[str, str] = {}  # register path -> the manifest path that delivers it
    for where, reason in manifest.invalid_entries:
        result.files.append(FileResult(where, "rejected", reason))
    for entry in manifest.entries:
        if entry.path.startswith("truth/"):
            result.warnings.append(f"{entry.path}: truth files are never read")
            continue
        register = register_of(entry.path)
        if register is not None and register.path in seen:
            first = seen[register.path]
            again = "listed twice" if first == entry.path else f"listed twice (also as {first})"
            result.files.append(FileResult(entry.path, "rejected", f"{again} in the manifest"))
            continue
        if register is not None:
            seen[register.path] = entry.path
        outcome = _preflight(delivery, entry, scanner)
        if isinstance(outcome, PendingFile):
            plans.append(outcome)
        else:
            result.files.append(outcome)
    result.files += _unlisted(delivery, seen, {e.path for e in manifest.entries})
    return plans, result


def _unlisted(delivery: Path, seen: dict[str, str], listed: set[str]) -> list[FileResult]:
    """Contract files delivered without a manifest entry, and those not delivered at all."""
    found: list[FileResult] = []
    for path, register in BY_PATH.items():
        names = [path, path + GZIP_SUFFIX] if register.format is FileFormat.CSV else [path]
        extra = [n for n in names if n not in listed and (delivery / n).is_file()]
        found += [FileResult(n, "rejected", "delivered but not in the manifest") for n in extra]
        if path not in seen and not extra:
            found.append(FileResult(path, "absent", "not delivered"))
    return found


# ------------------------------------------------------------------ staging


@dataclass(slots=True)
class Staged:
    records: int  # data records read (CSV rows incl. rejected ones; roles flattened)
    manifest_rows: int  # what the manifest's rows counts (CSV rows, elements, lines)
    rejects: list[tuple[int, str, str]]  # (line, rule, raw record) the CSV reader refused
    rows: tuple[str, int] | None = None  # a CSV's rows table and first row id (_rn = rowid - it)


def _csv_rejects(backend: Backend, plan: FilePlan, rejects: str) -> list[tuple[int, str, str]]:
    rows = backend.rows(
        f"SELECT line_byte_position, min(CAST(error_type AS VARCHAR)), min(csv_line) "
        f"FROM {rejects} GROUP BY line_byte_position ORDER BY line_byte_position"
    )
    lines = lines_at_bytes(plan.path, [int(str(position)) for position, _, _ in rows])
    return [
        (lines[int(str(position))], REJECT_RULES.get(str(error_type), "csv"), str(raw or ""))
        for position, error_type, raw in rows
    ]


def _stage(backend: Backend, plan: FilePlan, stage: str) -> Staged:
    register = plan.register
    if register.format is FileFormat.CSV:
        rejects = f"{stage}_rejects"
        backend.execute(f"DROP TABLE IF EXISTS {rejects}")
        backend.execute(f"DROP TABLE IF EXISTS {rejects}_scan")
        for statement in staging_sql.stage_csv_sql(
            stage, rejects, plan.path, register, plan.header
        ):
            backend.execute(statement)
        first, last, count = backend.rows(staging_sql.csv_rows_span_sql(stage))[0]
        gapless = first is not None and int(str(last)) - int(str(first)) + 1 == int(str(count))
        backend.execute(staging_sql.csv_stage_view_sql(stage, int(str(first)) if gapless else None))
        found = _csv_rejects(backend, plan, rejects)
        staged = int(str(backend.scalar(f"SELECT count(*) FROM {stage}")))
        table = staging_sql.csv_rows_table(stage)
        rows = (table, int(str(first))) if gapless else None
        return Staged(staged + len(found), staged + len(found), found, rows)
    raw = f"{stage}_lines"
    json_format = "array" if register.format is FileFormat.JSON_ARRAY else "newline_delimited"
    backend.execute(staging_sql.raw_json_sql(raw, plan.path, json_format))
    first, last, documents = (
        int(str(v)) if v is not None else None
        for v in backend.rows(staging_sql.raw_span_sql(raw))[0]
    )
    gapless = first is not None and last is not None and last - first + 1 == documents
    number = staging_sql.json_number_sql(first if gapless else None)
    if register.format is FileFormat.JSON_ARRAY:
        backend.execute(staging_sql.stage_json_array_sql(stage, raw, register, number))
        staged = int(str(backend.scalar(f"SELECT count(*) FROM {stage}")))
        return Staged(staged, staged, [])
    backend.execute(staging_sql.stage_roles_sql(stage, raw, number))
    staged = int(str(backend.scalar(f"SELECT count(*) FROM {stage}")))
    return Staged(staged, int(str(documents)), [])


# past this many reader-rejected records the line tree's SQL grows large: walk the file instead
MAX_SHIFTED_REJECTS = 5_000


def _one_record_per_line(plan: FilePlan, staged: Staged) -> bool:
    """The header and every record (accepted or rejected) each sit on exactly one line."""
    lines = plan.scan.newlines + (0 if plan.scan.ends_with_newline else 1)
    return lines == staged.records + 1


def _map_csv_lines(backend: Backend, plan: FilePlan, stage: str, staged: Staged) -> str:
    """The SQL expression for a staged CSV row's physical line (header = 1)."""
    if _one_record_per_line(plan, staged) and len(staged.rejects) <= MAX_SHIFTED_REJECTS:
        if not staged.rejects:
            return load_sql.LINE_DEFAULT
        rejected = sorted(line for line, _, _ in staged.rejects)
        return load_sql.shifted_line_sql([line - 2 - k for k, line in enumerate(rejected)])
    good = staged.records - len(staged.rejects)
    lines = good_record_lines(plan.path, {line for line, _, _ in staged.rejects}, good)
    if lines is None:
        return load_sql.LINE_DEFAULT  # the readers disagree on record boundaries: n + 2
    mapping = pa.table({"_rn": pa.array(range(len(lines)), pa.int64()), "line": lines})
    backend.register_arrow("line_map", mapping)
    rows = staging_sql.csv_rows_table(stage)
    backend.execute(
        f"UPDATE {rows} SET _line = m.line FROM (SELECT rowid AS _id, "
        f"row_number() OVER (ORDER BY rowid) - 1 AS _k FROM {rows}) k, line_map m "
        f"WHERE m._rn = k._k AND {rows}.rowid = k._id"
    )
    backend.unregister("line_map")
    return load_sql.LINE_DEFAULT


# ------------------------------------------------------------------ writing


def _truncate(value: str, limit: int = MAX_QUARANTINE_VALUE) -> str:
    if len(value) <= limit:
        return value
    return value[:limit] + f"…[{len(value)} characters]"


def _reject_fields(raw: str) -> list[str] | None:
    """The fields of a record the reader refused, split as CSV (None when even that fails)."""
    try:
        return next(csv.reader(io.StringIO(raw[: 1 << 20])), [])
    except csv.Error:
        return None


def _reject_record_id(fields: list[str] | None, header: list[str]) -> str | None:
    if fields is None:
        return None
    position = header.index("record_id")
    return fields[position] or None if position < len(fields) else None


def _reject_fields_json(
    fields: list[str] | None, header: list[str], register: RegisterFile
) -> str | None:
    """The contract fields of a refused record, matched to the header by position (a record
    with a field too many or too few may be shifted), each cut to MAX_FIELD_CHARS."""
    if fields is None:
        return None
    wanted = set(register.column_names)
    found = {
        name: _truncate(value, load_sql.MAX_FIELD_CHARS) if value else None
        for name, value in zip(header, fields, strict=False)
        if name in wanted
    }
    return json.dumps(found, ensure_ascii=False)


QUARANTINE_FIELDS = 'delivery_id, source_file, record_id, line, "column", rule, value, fields'
CODE_WARNING_FIELDS = 'delivery_id, source_file, "column", value, "rows"'


@dataclass(frozen=True, slots=True)
class Targets:
    """Where a file's rows go: its fact table, quarantine rows and code warnings; tables of
    their own for a file loaded ahead of the delivery's transaction (:func:`_preload`)."""

    facts: str
    quarantine: str = "meta.quarantine"
    code_warnings: str = "meta.code_warnings"
    side: bool = False  # the facts table is made on the first write, shaped by the rows

    @staticmethod
    def of(register: RegisterFile) -> Targets:
        return Targets(f"facts.{quote_ident(register.table)}")

    def quarantine_insert(self) -> str:
        return f"INSERT INTO {self.quarantine} ({QUARANTINE_FIELDS}) "


def _write_reject_quarantine(
    backend: Backend, plan: FilePlan, staged: Staged, delivery_id: str, targets: Targets
) -> None:
    if not staged.rejects:
        return
    fields = [_reject_fields(raw) for _, _, raw in staged.rejects]
    table = pa.table(
        {
            "record_id": [_reject_record_id(f, plan.header) for f in fields],
            "line": pa.array([line for line, _, _ in staged.rejects], pa.int64()),
            "rule": [rule for _, rule, _ in staged.rejects],
            "value": [_truncate(raw) for _, _, raw in staged.rejects],
            "fields": [_reject_fields_json(f, plan.header, plan.register) for f in fields],
        }
    )
    backend.register_arrow("reject_rows", table)
    backend.execute(
        targets.quarantine_insert() + "SELECT ?, ?, record_id, line, NULL, rule, value, fields "
        "FROM reject_rows",
        [delivery_id, plan.entry.path],
    )
    backend.unregister("reject_rows")


def _write_quarantine(
    backend: Backend,
    plan: FilePlan,
    delivery_id: str,
    t: dict[str, str],
    staged: Staged,
    targets: Targets,
) -> None:
    wanted = f"SELECT _rn FROM {t['bad']} UNION SELECT _rn FROM {t['repeats']} WHERE NOT same"
    if not _count(backend, f"SELECT count(*) FROM ({wanted})"):
        return  # nothing to write, and the fields would cost a scan of every staged row
    backend.execute(
        load_sql.quarantined_fields_sql(t["fields"], t["stage"], plan.register, wanted, staged.rows)
    )
    backend.execute(
        targets.quarantine_insert() + 'SELECT ?, ?, b.record_id, b.line, b."column", b.rule, '
        f"{load_sql.cut_text_sql('b.value', MAX_QUARANTINE_VALUE)}, f.fields "
        f"FROM {t['bad']} b LEFT JOIN {t['fields']} f ON f._rn = b._rn ORDER BY b._rn",
        [delivery_id, plan.entry.path],
    )
    backend.execute(
        targets.quarantine_insert() + "SELECT ?, ?, r.record_id, r.line, 'record_id', "
        f"'duplicate_record_id', r.record_id, f.fields FROM {t['repeats']} r "
        f"LEFT JOIN {t['fields']} f ON f._rn = r._rn WHERE NOT r.same ORDER BY r._rn",
        [delivery_id, plan.entry.path],
    )


def _write_code_warnings(
    backend: Backend,
    plan: FilePlan,
    stage: str,
    delivery_id: str,
    result: FileResult,
    targets: Targets,
) -> None:
    query = load_sql.code_warnings_sql(stage, plan.register)
    if query is None:
        return
    backend.execute(
        f"INSERT INTO {targets.code_warnings} ({CODE_WARNING_FIELDS}) "
        f"SELECT ?, ?, col, value, n FROM ({query})",
        [delivery_id, plan.entry.path],
    )
    total = backend.scalar(
        f'SELECT coalesce(sum("rows"), 0) FROM {targets.code_warnings} '
        "WHERE delivery_id = ? AND source_file = ?",
        [delivery_id, plan.entry.path],
    )
    result.code_warnings = int(str(total))


def _count(backend: Backend, sql: str, params: list[object] | None = None) -> int:
    return int(str(backend.scalar(sql, params)))


def _write_facts(
    backend: Backend,
    plan: FilePlan,
    manifest: Manifest,
    t: dict[str, str],
    result: FileResult,
    line: str,
    targets: Targets,
    *,
    fresh: bool = False,
) -> None:
    """Insert the file's good rows as facts; ``fresh``: the table held nothing before the
    file, so no row has a stored version to compare with."""
    register = plan.register
    table = targets.facts
    if targets.side:
        _ensure_side_table(backend, register, t["stage"])
    version = load_sql.Version(
        dt.datetime.fromisoformat(plan.entry.extract_date), manifest.created, manifest.delivery_id
    )
    # an empty table takes every row as it is; otherwise only rows of record_ids it already
    # holds are compared with their versions (new record_ids go straight in)
    stored = not fresh and _count(backend, f"SELECT count(*) FROM {table}")
    compared = t["compared"] if stored else None
    if compared is not None:
        backend.execute(
            load_sql.compare_versions_sql(compared, t["stage"], t["excluded"], register, version)
        )
        superseded, duplicates = backend.rows(
            f"SELECT count(*) FILTER (WHERE prev_h <> h), count(*) FILTER (WHERE prev_h = h) "
            f"FROM {compared}"
        )[0]
        result.superseded = int(str(superseded))
        result.duplicates += int(str(duplicates))
        backend.execute(load_sql.close_superseded_sql(register, compared, version))
        backend.execute(load_sql.merge_successors_sql(register, compared))
    before = _count(backend, f"SELECT count(*) FROM {table}")
    # fact order carries no meaning (_line keeps the position), and unordered inserts run
    # in parallel; staging keeps insertion order because row numbers come from it
    backend.execute("SET preserve_insertion_order = false")
    try:
        backend.execute(
            load_sql.insert_facts_sql(
                register,
                t["stage"],
                t["excluded"],
                compared,
                plan.entry.path,
                version,
                line,
                table=table,
            )
        )
    finally:
        backend.execute("SET preserve_insertion_order = true")
    result.loaded += _count(backend, f"SELECT count(*) FROM {table}") - before


def _temp_names(index: int) -> dict[str, str]:
    kinds = ("stage", "bad", "repeats", "excluded", "compared", "fields")
    return {k: f"ingest_{k}_{index}" for k in kinds}


def _load_file(
    backend: Backend, plan: FilePlan, manifest: Manifest, index: int, targets: Targets
) -> FileResult:
    """Stage, check and write a whole file (inside whatever transaction is open)."""
    t = _temp_names(index)
    staged = _stage(backend, plan, t["stage"])
    if staged.manifest_rows != plan.entry.rows:
        return _rows_differ(plan, staged.manifest_rows)
    result = FileResult(plan.entry.path, "loaded")
    _check_and_write(backend, plan, manifest, t, staged, result, targets)
    return result


def _distinct_columns(backend: Backend, stage: str, names: list[str]) -> frozenset[str]:
    """The columns among ``names`` whose first staged values seldom recur (one query)."""
    if not names:
        return frozenset()
    return frozenset(mostly_distinct(names, backend.rows(text_shares_sql(stage, names))[0]))


def _mostly_distinct(backend: Backend, stage: str, register: RegisterFile) -> frozenset[str]:
    """The identifier columns of a staged file whose values seldom recur: they are judged row
    by row, not once per distinct value."""
    return _distinct_columns(backend, stage, [c.name for c in identifier_columns(register.columns)])


def _id_hashes(backend: Backend, sql: str) -> npt.NDArray[np.uint64]:
    return np.asarray(backend.arrow(sql).column(0).to_numpy(), dtype=np.uint64)


def repeated_hashes(parts: list[npt.NDArray[np.uint64]]) -> int:
    """How many hashes equal another one: zero when all are distinct. Sorted in the process,
    about half the time the database's sort took for the national A-melding file's 33 M ids."""
    hashes = np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64)
    hashes.sort()
    return int(np.count_nonzero(hashes[1:] == hashes[:-1]))


def _has_repeated_ids(backend: Backend, stage: str) -> bool:
    """Whether a staged file repeats a record_id or lacks one (then the exact path runs)."""
    if _count(backend, load_sql.missing_ids_sql(stage)):
        return True
    return repeated_hashes([_id_hashes(backend, load_sql.record_id_hashes_sql(stage))]) > 0


def _rows_differ(plan: FilePlan, rows: int) -> FileResult:
    return FileResult(
        plan.entry.path,
        "rejected",
        f"row count differs from the manifest (file {rows}, manifest {plan.entry.rows})",
    )


def _check_and_write(
    backend: Backend,
    plan: FilePlan,
    manifest: Manifest,
    t: dict[str, str],
    staged: Staged,
    result: FileResult,
    targets: Targets,
    *,
    piece: Piece | None = None,
    hashes: list[npt.NDArray[np.uint64]] | None = None,
) -> None:
    """Validate the staged rows of a file (or of one piece of it), write its quarantine, code
    warnings and facts, and add what happened to ``result``.

    A piece's lines are moved to the whole file's; its repeated record_ids are left to the
    check over the whole file (:func:`_load_in_pieces`), which gets the hashes of its good
    rows' ids in ``hashes``, and its rows go straight in (the table held nothing before the
    file)."""
    line = load_sql.LINE_DEFAULT
    if plan.register.format is FileFormat.CSV:
        line = _map_csv_lines(backend, plan, t["stage"], staged)
    if piece is not None and piece.line_offset:
        line = f"({line} + {piece.line_offset})"
        staged.rejects = [(n + piece.line_offset, r, raw) for n, r, raw in staged.rejects]
    per_row = _mostly_distinct(backend, t["stage"], plan.register)
    backend.execute(load_sql.bad_rows_sql(t["bad"], t["stage"], plan.register, line, per_row))
    if piece is None and _has_repeated_ids(backend, t["stage"]):
        backend.execute(
            load_sql.repeats_sql(t["repeats"], t["stage"], t["bad"], plan.register, line)
        )
    else:
        backend.execute(load_sql.no_repeats_sql(t["repeats"]))
    backend.execute(
        f"CREATE OR REPLACE TEMP TABLE {t['excluded']} AS SELECT DISTINCT _rn FROM "
        f"(SELECT _rn FROM {t['bad']} UNION ALL SELECT _rn FROM {t['repeats']})"
    )
    if hashes is not None:
        hashes.append(_id_hashes(backend, load_sql.record_id_hashes_sql(t["stage"], t["excluded"])))
    result.read += staged.records
    result.quarantined += len(staged.rejects) + _count(
        backend,
        f"SELECT count(*) FROM (SELECT DISTINCT _rn FROM {t['bad']} UNION "
        f"SELECT _rn FROM {t['repeats']} WHERE NOT same)",
    )
    result.duplicates += _count(backend, f"SELECT count(*) FROM {t['repeats']} WHERE same")
    _write_reject_quarantine(backend, plan, staged, manifest.delivery_id, targets)
    _write_quarantine(backend, plan, manifest.delivery_id, t, staged, targets)
    _write_code_warnings(backend, plan, t["stage"], manifest.delivery_id, result, targets)
    fresh = piece is not None or targets.side  # a side table starts empty
    _write_facts(backend, plan, manifest, t, result, line, targets, fresh=fresh)


# ------------------------------------------------------------------ large files in pieces


@dataclass(frozen=True, slots=True)
class PieceSettings:
    """Where pieces of large CSV files are written, and how large they are."""

    directory: Path
    piece_bytes: int = PIECE_BYTES


def _cuts_for(plan: FilePlan, pieces: PieceSettings) -> tuple[int, list[Cut]] | None:
    """How to cut a large plain CSV file; None: load it whole. Only a file whose fact table
    is empty is cut (:func:`_preload`): in a table that holds rows, each new row is compared
    with its stored versions, and a later piece would take an earlier one's rows for those."""
    if plan.register.format is not FileFormat.CSV or is_gzip_name(plan.path):
        return None
    if plan.scan.size <= pieces.piece_bytes:
        return None
    blocks = BlockCounts(SCAN_BLOCK, plan.scan.blocks) if plan.scan.blocks else None
    header_end, cuts = plan_cuts(plan.path, pieces.piece_bytes, blocks)
    return (header_end, cuts) if len(cuts) > 1 else None


def _load_in_pieces(
    backend: Backend,
    plan: FilePlan,
    manifest: Manifest,
    index: int,
    targets: Targets,
    pieces: PieceSettings,
    progress: Progress,
    cut: tuple[int, list[Cut]],
) -> FileResult | None:
    """Load a large CSV file into ``targets`` piece by piece, each staged, checked, written
    and committed on its own; None when the file repeats a record_id (load it whole).

    Repeated record_ids are looked for once, over the hashed ids of every piece's good rows.
    A file whose rows do not add up to the manifest's count is rejected.
    """
    header_end, cuts = cut
    result = FileResult(plan.entry.path, "loaded")
    records = 0
    pieces.directory.mkdir(parents=True, exist_ok=True)
    t = _temp_names(index)
    hashes: list[npt.NDArray[np.uint64]] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-piece") as writer:

        def write(number: int) -> Future[Piece]:
            target = pieces.directory / f"piece-{number}.csv"
            return writer.submit(write_piece, plan.path, header_end, cuts[number], target)

        upcoming = write(0)  # the next piece is written while the database loads this one
        for number in range(len(cuts)):
            progress(plan.entry.path, f"piece {number + 1} of {len(cuts)}")
            piece = upcoming.result()
            if number + 1 < len(cuts):
                upcoming = write(number + 1)
            backend.begin()
            try:
                piece_plan = FilePlan(
                    plan.entry,
                    plan.register,
                    piece.path,
                    _piece_scan(plan.scan, piece),
                    plan.header,
                )
                staged = _stage(backend, piece_plan, t["stage"])
                records += staged.manifest_rows
                _check_and_write(
                    backend,
                    piece_plan,
                    manifest,
                    t,
                    staged,
                    result,
                    targets,
                    piece=piece,
                    hashes=hashes,
                )
            finally:
                piece.path.unlink(missing_ok=True)
            _drop_temp(backend, index)
            backend.commit()  # the dropped staging is freed at once, not at the delivery's end
            backend.write_back()
    repeats = repeated_hashes(hashes)
    hashes.clear()
    if records != plan.entry.rows:
        return _rows_differ(plan, records)
    if repeats:
        return None
    _merge_code_warnings(backend, targets.code_warnings)
    return result


def _piece_scan(whole: FileScan, piece: Piece) -> FileScan:
    """What the byte scan would have found in the piece (its lines, how it ends)."""
    last = piece.cut.end == whole.size
    return FileScan(
        sha256=whole.sha256,
        size=piece.path.stat().st_size,
        newlines=piece.newlines,
        ends_with_newline=whole.ends_with_newline if last else True,
        has_bom=whole.has_bom,
        fault=None,
    )


def _merge_code_warnings(backend: Backend, table: str) -> None:
    """One row per (column, code) in a file's own code warnings: each piece counted its own."""
    backend.execute(
        "CREATE OR REPLACE TEMP TABLE ingest_code_warnings AS SELECT delivery_id, source_file, "
        f'"column", value, sum("rows")::BIGINT AS "rows" FROM {table} '
        'GROUP BY delivery_id, source_file, "column", value'
    )
    backend.execute(f"DELETE FROM {table}")
    backend.execute(
        f'INSERT INTO {table} SELECT * FROM ingest_code_warnings ORDER BY "column", value'
    )
    backend.execute("DROP TABLE ingest_code_warnings")


def _drop_temp(backend: Backend, index: int) -> None:
    stage = f"ingest_stage_{index}"
    if backend.scalar("SELECT count(*) FROM duckdb_views() WHERE view_name = ?", [stage]):
        backend.execute(f"DROP VIEW {stage}")  # a staged CSV: a view over its rows table
    for kind in ("stage", "bad", "repeats", "excluded", "compared", "fields", "stage_lines"):
        backend.execute(f"DROP TABLE IF EXISTS ingest_{kind}_{index}")
    backend.execute(f"DROP TABLE IF EXISTS {staging_sql.csv_rows_table(stage)}")
    backend.execute(f"DROP TABLE IF EXISTS {stage}_lines")


# ------------------------------------------------------------------ meta rows


def _write_file_meta(
    backend: Backend,
    manifest: Manifest,
    plan: FilePlan | None,
    result: FileResult,
    entry: FileEntry | None,
) -> None:
    entry = plan.entry if plan else entry
    values: list[object] = [manifest.delivery_id, result.path]
    if entry is not None:
        extract = entry.extract_date if _is_date(entry.extract_date) else None
        values += [
            entry.agency,
            entry.register,
            extract,
            entry.period_from if _is_date(entry.period_from) else None,
            entry.period_to if _is_date(entry.period_to) else None,
            entry.classification,
            entry.legal_basis,
            entry.sha256,
            entry.rows,
        ]
    else:
        values += [None] * 9
    values += [result.status, result.reason]
    backend.execute(
        "INSERT INTO meta.delivery_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values
    )
    if result.status == "loaded":
        backend.execute(
            "INSERT INTO meta.reconciliation VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                manifest.delivery_id,
                result.path,
                result.read,
                result.loaded,
                result.superseded,
                result.quarantined,
                result.duplicates,
                result.code_warnings,
                "balanced" if result.balanced else "UNBALANCED",
            ],
        )


def _is_date(value: str | None) -> bool:
    if not value:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _already_loaded(backend: Backend, manifest: Manifest, plans: list[PendingFile]) -> set[str]:
    """Paths this delivery already loaded with the same bytes (a re-run skips them)."""
    exists = backend.scalar(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = 'meta' AND table_name = 'delivery_files'"
    )
    if not exists:
        return set()
    rows = backend.rows(
        "SELECT path, sha256 FROM meta.delivery_files WHERE delivery_id = ? AND status = 'loaded'",
        [manifest.delivery_id],
    )
    loaded = {(str(p), str(s)) for p, s in rows}
    return {
        p.entry.path
        for p in plans
        if (p.entry.path, p.entry.sha256) in loaded and isinstance(p.settle(), FilePlan)
    }


def _stored_reconciliation(backend: Backend, delivery_id: str, path: str) -> FileResult:
    row = backend.rows(
        'SELECT "read", loaded, superseded, quarantined, duplicates, code_warnings '
        "FROM meta.reconciliation WHERE delivery_id = ? AND source_file = ?",
        [delivery_id, path],
    )
    result = FileResult(path, "already_loaded", "loaded before with the same bytes")
    if row:
        numbers = [int(str(v)) for v in row[0]]
        (
            result.read,
            result.loaded,
            result.superseded,
            result.quarantined,
            result.duplicates,
            result.code_warnings,
        ) = numbers
    return result


# ------------------------------------------------------------------ files loaded ahead

# prefix of a table that takes a file's facts ahead of the delivery's transaction
LOADING = "_loading_"


@dataclass(frozen=True, slots=True)
class Preloaded:
    """A file loaded ahead of the delivery's transaction: what happened, and the tables
    that hold its rows (None when it was rejected: nothing to move)."""

    result: FileResult
    targets: Targets | None


def _has_fact_table(backend: Backend, name: str) -> bool:
    sql = "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'facts' AND table_name = ?"
    return bool(_count(backend, sql, [name]))


def _fact_rows(backend: Backend, register: RegisterFile) -> int:
    """Rows in the register's fact table (0 when the store has none yet)."""
    if not _has_fact_table(backend, register.table):
        return 0
    return _count(backend, f"SELECT count(*) FROM facts.{quote_ident(register.table)}")


def _side_targets(register: RegisterFile, index: int) -> Targets:
    return Targets(
        facts=f"facts.{quote_ident(LOADING + register.table)}",
        quarantine=f"ingest_quarantine_{index}",
        code_warnings=f"ingest_code_warnings_{index}",
        side=True,
    )


def _create_side_tables(backend: Backend, targets: Targets) -> None:
    """A file's own quarantine and code-warning tables; its facts table is made by the first
    write (:func:`_ensure_side_table`)."""
    backend.execute(f"DROP TABLE IF EXISTS {targets.facts}")
    backend.execute(f"CREATE OR REPLACE TEMP TABLE {targets.quarantine} ({QUARANTINE_COLUMNS})")
    backend.execute(
        f"CREATE OR REPLACE TEMP TABLE {targets.code_warnings} ({CODE_WARNING_COLUMNS})"
    )


def _ensure_side_table(backend: Backend, register: RegisterFile, stage: str) -> None:
    """Make the table that takes a file's facts ahead of the delivery's transaction, unless
    an earlier piece made it: text columns whose first values are mostly distinct are
    written with ZSTD, which writes them faster than DuckDB's dictionary analysis does."""
    name = LOADING + register.table
    if _has_fact_table(backend, name):
        return
    distinct = _distinct_columns(backend, stage, stored_text_columns(register))
    backend.execute(create_fact_table_sql(register, name, sorted(distinct)))


def _drop_side_tables(backend: Backend, targets: Targets) -> None:
    for table in (targets.facts, targets.quarantine, targets.code_warnings):
        backend.execute(f"DROP TABLE IF EXISTS {table}")


def drop_loading_tables(backend: Backend) -> None:
    """Drop the tables of files loaded ahead by a run that never committed (killed, or
    failed): outside any transaction."""
    for (name,) in backend.rows(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'facts' "
        "AND starts_with(table_name, ?)",
        [LOADING],
    ):
        backend.execute(f"DROP TABLE facts.{quote_ident(str(name))}")


def _preload(
    backend: Backend,
    manifest: Manifest,
    plans: list[PendingFile],
    progress: Progress,
    pieces: PieceSettings | None,
) -> dict[str, Preloaded]:
    """Load every accepted file whose fact table is empty into tables of its own, each file
    (or each piece of a large one) in a transaction of its own.

    Inside the delivery's one transaction, DuckDB keeps every staging table dropped there
    until the commit: at national size they fill the memory budget and spill to disk, though
    never read again. Loaded ahead, a file's staging is freed when its transaction commits.
    Its facts wait in ``facts._loading_<table>``, invisible to every reader of the store,
    until the delivery's transaction drops the empty fact table and renames the loaded one
    in its place, together with the rest of the delivery: still all at once or not at all.
    A table that holds rows is left to the delivery's transaction, which compares each new
    row with its stored versions."""
    backend.execute("SET preserve_insertion_order = true")  # staging numbers rows in order
    backend.execute("CREATE SCHEMA IF NOT EXISTS facts")
    done: dict[str, Preloaded] = {}
    tables: set[str] = set()
    for index, pending in enumerate(plans):
        plan = pending.settle()
        if isinstance(plan, FileResult) or plan.register.table in tables:
            continue
        tables.add(plan.register.table)
        if _fact_rows(backend, plan.register):
            continue
        progress(plan.entry.path, "start")
        targets = _side_targets(plan.register, index)
        try:
            done[plan.entry.path] = _preload_file(
                backend, plan, manifest, index, targets, pieces, progress
            )
        except BackendError as error:
            backend.rollback()
            _drop_temp(backend, index)
            _drop_side_tables(backend, targets)
            reason = _reader_reason(str(error))
            done[plan.entry.path] = Preloaded(FileResult(plan.entry.path, "rejected", reason), None)
        progress(plan.entry.path, done[plan.entry.path].result.status)
    return done


def _preload_file(
    backend: Backend,
    plan: FilePlan,
    manifest: Manifest,
    index: int,
    targets: Targets,
    pieces: PieceSettings | None,
    progress: Progress,
) -> Preloaded:
    _create_side_tables(backend, targets)
    cut = _cuts_for(plan, pieces) if pieces is not None else None
    if pieces is not None and cut is not None:
        result = _load_in_pieces(backend, plan, manifest, index, targets, pieces, progress, cut)
        if result is not None:
            return _kept(backend, targets, result)
        _create_side_tables(backend, targets)  # repeats: judged whole
    backend.begin()
    result = _load_file(backend, plan, manifest, index, targets)
    _drop_temp(backend, index)
    backend.commit()
    backend.write_back()
    return _kept(backend, targets, result)


def _kept(backend: Backend, targets: Targets, result: FileResult) -> Preloaded:
    if result.status == "loaded":
        return Preloaded(result, targets)
    _drop_side_tables(backend, targets)
    return Preloaded(result, None)


def _move_into_place(backend: Backend, register: RegisterFile, targets: Targets) -> None:
    """In the delivery's transaction: the loaded table replaces the empty fact table, and
    the file's quarantine rows and code warnings join the store's."""
    backend.execute(f"DROP TABLE facts.{quote_ident(register.table)}")
    backend.execute(f"ALTER TABLE {targets.facts} RENAME TO {quote_ident(register.table)}")
    backend.execute(
        f"INSERT INTO meta.quarantine ({QUARANTINE_FIELDS}) "
        f"SELECT {QUARANTINE_FIELDS} FROM {targets.quarantine}"
    )
    backend.execute(
        f"INSERT INTO meta.code_warnings ({CODE_WARNING_FIELDS}) "
        f"SELECT {CODE_WARNING_FIELDS} FROM {targets.code_warnings}"
    )


# ------------------------------------------------------------------ the delivery


def _run_transaction(
    backend: Backend,
    delivery: Path,
    manifest: Manifest,
    plans: list[PendingFile],
    preflight: DeliveryResult,
    progress: Progress,
    preloaded: dict[str, Preloaded],
) -> list[FileResult]:
    results: list[FileResult] = []
    backend.execute("SET preserve_insertion_order = true")  # staging numbers rows in order
    backend.begin()
    for statement in schema_statements_sql():
        backend.execute(statement)
    _keep_row_hashes_comparable(backend)
    backend.execute(
        "DELETE FROM meta.delivery_files WHERE delivery_id = ? AND status <> 'loaded'",
        [manifest.delivery_id],
    )
    for index, pending in enumerate(plans):
        plan = pending.settle()
        if isinstance(plan, FileResult):  # its bytes failed the checks: nothing of it is read
            results.append(plan)
            _write_file_meta(backend, manifest, None, plan, pending.entry)
            continue
        ahead = preloaded.get(plan.entry.path)
        if ahead is not None:
            if ahead.targets is not None:
                _move_into_place(backend, plan.register, ahead.targets)
            results.append(ahead.result)
            _write_file_meta(backend, manifest, plan, ahead.result, None)
            continue
        progress(plan.entry.path, "start")
        try:
            result = _load_file(backend, plan, manifest, index, Targets.of(plan.register))
        except BackendError as error:
            raise _FileFailed(plan.entry.path, str(error)) from error
        _drop_temp(backend, index)
        backend.write_back()
        progress(plan.entry.path, result.status)
        results.append(result)
        _write_file_meta(backend, manifest, plan, result, None)
    entries = {e.path: e for e in manifest.entries}
    for result in preflight.files:
        if result.status != "already_loaded":
            _write_file_meta(backend, manifest, None, result, entries.get(result.path))
    everything = results + preflight.files
    backend.execute("DELETE FROM meta.deliveries WHERE delivery_id = ?", [manifest.delivery_id])
    backend.execute(
        "INSERT INTO meta.deliveries VALUES (?, ?, ?, now()::TIMESTAMP, ?, ?, ?, ?)",
        [
            manifest.delivery_id,
            manifest.created,
            manifest.synthetic,
            str(delivery.resolve()),
            sum(r.status in ("loaded", "already_loaded") for r in everything),
            sum(r.status == "rejected" for r in everything),
            sum(r.status == "absent" for r in everything),
        ],
    )
    backend.commit()
    return results


def _keep_row_hashes_comparable(backend: Backend) -> None:
    """Recompute stored row hashes when hash() no longer gives what it gave when they were
    stored (a store written by another DuckDB, or one with md5 text hashes)."""
    canary = backend.scalar(load_sql.HASH_CANARY_SQL)
    if backend.rows("SELECT canary FROM meta.row_hash") == [(canary,)]:
        return
    for register in REGISTER_FILES:
        backend.execute(load_sql.rehash_sql(register))
    backend.execute("DELETE FROM meta.row_hash")
    backend.execute("INSERT INTO meta.row_hash VALUES (?)", [canary])


class _FileFailed(Exception):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def load_delivery(
    backend: Backend,
    delivery: Path,
    progress: Progress = _no_progress,
    *,
    pieces: PieceSettings | None = None,
) -> DeliveryResult:
    """Check and load ``delivery`` into the store; a ManifestError when it cannot be read.

    With ``pieces``, a large CSV file is cut into pieces written to ``pieces.directory``
    (emptied before and after) and loaded piece by piece; without, every file is loaded
    whole."""
    manifest = read_manifest(delivery)
    scanner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-scan")
    if pieces is not None:
        clear_directory(pieces.directory)
    try:
        return _load(backend, delivery, manifest, scanner, progress, pieces)
    finally:
        scanner.shutdown(wait=False, cancel_futures=True)
        if pieces is not None:
            clear_directory(pieces.directory)


def _load(
    backend: Backend,
    delivery: Path,
    manifest: Manifest,
    scanner: Executor,
    progress: Progress,
    pieces: PieceSettings | None,
) -> DeliveryResult:
    plans, result = plan_delivery(delivery, manifest, scanner)
    skipped = _already_loaded(backend, manifest, plans)
    if skipped:
        result.files += [
            _stored_reconciliation(backend, manifest.delivery_id, p) for p in sorted(skipped)
        ]
        plans = [p for p in plans if p.entry.path not in skipped]
        rejected = [o for p in plans if isinstance(o := p.settle(), FileResult)]
        if len(rejected) == len(plans):  # nothing new to load
            result.files += rejected
            return _ordered(result)
    failed: list[FileResult] = []
    drop_loading_tables(backend)  # left by a run that was killed
    preloaded: dict[str, Preloaded] = {}
    try:
        preloaded = _preload(backend, manifest, plans, progress, pieces)
        while True:
            try:
                preflight = DeliveryResult(
                    manifest.delivery_id, manifest.created, result.files + failed
                )
                loaded = _run_transaction(
                    backend, delivery, manifest, plans, preflight, progress, preloaded
                )
            except _FileFailed as error:
                backend.rollback()
                progress(error.path, "rejected")
                failed.append(FileResult(error.path, "rejected", _reader_reason(error.reason)))
                plans = [p for p in plans if p.entry.path != error.path]
                continue
            break
    finally:
        backend.rollback()  # a no-op after the commit
        with contextlib.suppress(BackendError):  # never hide why the load failed
            for ahead in preloaded.values():
                if ahead.targets is not None:
                    _drop_side_tables(backend, ahead.targets)
            drop_loading_tables(backend)
    result.files += failed + loaded
    return _ordered(result)


def _reader_reason(message: str) -> str:
    if "Malformed JSON" in message or "JSON" in message:
        return "not valid JSON (truncated or malformed): " + message[:200]
    return "unreadable: " + message[:200]


def _ordered(result: DeliveryResult) -> DeliveryResult:
    order = {path: i for i, path in enumerate(BY_PATH)}

    def position(path: str) -> int:
        register = register_of(path)
        return order[register.path] if register else len(order)

    result.files.sort(key=lambda f: (position(f.path), f.path))
    return result
