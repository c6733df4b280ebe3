"""The delivery manifest: parsing it, and the checks that reject a file before any row is read."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from akrim.domain.registers import AGENCIES, BY_PATH, Classification, FileFormat, RegisterFile

REQUIRED_TOP_KEYS = ("delivery_id", "created", "synthetic", "files")
REQUIRED_FILE_KEYS = (
    "path",
    "agency",
    "register",
    "extract_date",
    "classification",
    "legal_basis",
    "rows",
    "sha256",
)


GZIP_SUFFIX = ".gz"


def register_of(path: str) -> RegisterFile | None:
    """The register file a manifest path delivers: a contract path, or a contract CSV path
    with ``.gz`` appended (the same file gzip-compressed); None for anything else."""
    if path in BY_PATH:
        return BY_PATH[path]
    if path.endswith(GZIP_SUFFIX):
        register = BY_PATH.get(path.removesuffix(GZIP_SUFFIX))
        if register is not None and register.format is FileFormat.CSV:
            return register
    return None


def is_gzipped(path: str) -> bool:
    return path.endswith(GZIP_SUFFIX)


class ManifestError(ValueError):
    """The manifest itself is unusable: nothing of the delivery can be loaded."""


@dataclass(frozen=True, slots=True)
class FileEntry:
    """One file as the manifest describes it (its provenance)."""

    path: str
    agency: str
    register: str
    extract_date: str
    classification: str
    legal_basis: str
    rows: int
    sha256: str
    period_from: str | None = None
    period_to: str | None = None


@dataclass(frozen=True, slots=True)
class Manifest:
    delivery_id: str
    created: dt.datetime
    synthetic: bool
    entries: tuple[FileEntry, ...]
    invalid_entries: tuple[tuple[str, str], ...]  # (path or files[i], reason)


def _parse_created(value: object) -> dt.datetime:
    if not isinstance(value, str):
        raise ManifestError(f"manifest.json: created {value!r} is not an ISO 8601 date-time")
    try:
        created = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ManifestError(
            f"manifest.json: created {value!r} is not an ISO 8601 date-time"
        ) from None
    if created.tzinfo is not None:
        created = created.astimezone(dt.UTC).replace(tzinfo=None)
    return created


def _optional_text(entry: dict[str, object], key: str) -> str | None:
    value = entry.get(key)
    return value if isinstance(value, str) and value else None


def _entry(raw: object, index: int) -> FileEntry | tuple[str, str]:
    if not isinstance(raw, dict):
        return f"files[{index}]", "manifest entry is not an object"
    where = raw.get("path") if isinstance(raw.get("path"), str) else f"files[{index}]"
    missing = [k for k in REQUIRED_FILE_KEYS if k not in raw]
    if missing:
        return str(where), f"manifest entry lacks {', '.join(missing)}"
    rows = raw["rows"]
    if not isinstance(rows, int) or isinstance(rows, bool) or rows < 0:
        return str(where), f"manifest rows {rows!r} is not a non-negative integer"
    texts = {k: raw[k] for k in REQUIRED_FILE_KEYS if k != "rows"}
    bad = [k for k, v in texts.items() if not isinstance(v, str) and k != "legal_basis"]
    if bad:
        return str(where), f"manifest {', '.join(bad)} not text"
    legal = raw["legal_basis"] if isinstance(raw["legal_basis"], str) else ""
    return FileEntry(
        path=str(raw["path"]),
        agency=str(raw["agency"]),
        register=str(raw["register"]),
        extract_date=str(raw["extract_date"]),
        classification=str(raw["classification"]),
        legal_basis=legal,
        rows=rows,
        sha256=str(raw["sha256"]).lower(),
        period_from=_optional_text(raw, "period_from"),
        period_to=_optional_text(raw, "period_to"),
    )


def read_manifest(delivery: Path) -> Manifest:
    """Parse ``manifest.json``; raise ManifestError (one line) when it is unusable."""
    path = delivery / "manifest.json"
    if not path.is_file():
        raise ManifestError(f"{delivery}: no manifest.json")
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ManifestError(f"manifest.json is not valid UTF-8 JSON ({error})") from None
    if not isinstance(data, dict):
        raise ManifestError("manifest.json: the top level is not an object")
    missing = [k for k in REQUIRED_TOP_KEYS if k not in data]
    if missing:
        raise ManifestError(f"manifest.json lacks {', '.join(missing)}")
    delivery_id = data["delivery_id"]
    if not isinstance(delivery_id, str) or not delivery_id.strip():
        raise ManifestError("manifest.json: delivery_id is not a non-empty string")
    if not isinstance(data["files"], list):
        raise ManifestError("manifest.json: files is not a list")
    entries: list[FileEntry] = []
    invalid: list[tuple[str, str]] = []
    for index, raw in enumerate(data["files"]):
        parsed = _entry(raw, index)
        if isinstance(parsed, FileEntry):
            entries.append(parsed)
        else:
            invalid.append(parsed)
    return Manifest(
        delivery_id=delivery_id,
        created=_parse_created(data["created"]),
        synthetic=data["synthetic"] is True,
        entries=tuple(entries),
        invalid_entries=tuple(invalid),
    )


def path_problem(delivery: Path, relative: str) -> str | None:
    """Why a manifest path may not be read (it leaves the delivery, or is a link), or None."""
    pure = PurePosixPath(relative.replace("\\", "/"))
    if pure.is_absolute() or relative.startswith(("/", "\\")) or ":" in pure.parts[0]:
        return "absolute path: files must lie inside the delivery"
    if ".." in pure.parts:
        return "path leaves the delivery ('..')"
    current = delivery
    for part in pure.parts:
        current = current / part
        if current.is_symlink():
            return "symbolic link: files must be regular files inside the delivery"
    root = delivery.resolve()
    if not (delivery / pure).resolve().is_relative_to(root):
        return "path leaves the delivery"
    return None


def provenance_problem(entry: FileEntry) -> str | None:
    """Why the manifest's provenance for a file is unacceptable, or None."""
    if entry.agency not in AGENCIES:
        return f"unknown agency {entry.agency!r}"
    try:
        classification = Classification(entry.classification)
    except ValueError:
        return f"unknown classification {entry.classification!r} (open, confidential, police)"
    if classification is not Classification.OPEN and not entry.legal_basis.strip():
        return f"no legal basis for a {classification.value} file"
    if not entry.register.strip():
        return "register is empty"
    try:
        dt.date.fromisoformat(entry.extract_date)
    except ValueError:
        return f"extract_date {entry.extract_date!r} is not YYYY-MM-DD"
    if register_of(entry.path) is None:
        if entry.path.removesuffix(GZIP_SUFFIX) in BY_PATH:
            return "only CSV files may be gzip-compressed"
        return "not a register file of the input contract"
    return None
