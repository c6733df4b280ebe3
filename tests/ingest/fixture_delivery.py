"""Hand-made deliveries for ingest tests: valid rows for every register file, a manifest, and
bad rows planted on request (with the rule each must be quarantined under)."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from akrim.domain.identifiers import make_person_id, random_orgnr
from akrim.domain.registers import (
    REGISTER_FILES,
    Classification,
    Column,
    ColumnType,
    FileFormat,
    RegisterFile,
)

CREATED = "2026-11-01T06:00:00Z"


@dataclass(frozen=True)
class BadValue:
    """Row ``index`` of ``path`` gets ``value`` in ``column``; ingest must say ``rule``."""

    path: str
    index: int
    column: str
    value: str
    rule: str


@dataclass
class Fixture:
    root: Path
    rows: dict[str, int] = field(default_factory=dict)
    records: dict[str, list[dict[str, str]]] = field(default_factory=dict)


def _value(column: Column, rng: random.Random, i: int) -> str:
    t = column.type
    if t is ColumnType.ORGNR:
        return random_orgnr(rng)
    if t is ColumnType.PERSON_ID:
        birth = dt.date(1960 + rng.randrange(40), 1 + rng.randrange(12), 1 + rng.randrange(28))
        return make_person_id(rng, birth, rng.choice("MF"), dnumber=rng.random() < 0.3)
    if t is ColumnType.DATE:
        return (dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(2000))).isoformat()
    if t is ColumnType.MONTH:
        return f"2026-{1 + rng.randrange(12):02d}"
    if t is ColumnType.TERM:
        return f"2026-T{1 + rng.randrange(6)}"
    if t is ColumnType.YEAR:
        return str(2020 + rng.randrange(6))
    if t is ColumnType.AMOUNT:
        return f"{rng.randrange(-1000, 900000)}.{rng.randrange(100):02d}"
    if t is ColumnType.NUMBER:
        return str(rng.randrange(0, 200))
    if t in (ColumnType.CODE, ColumnType.CODES):
        return rng.choice(sorted(column.codes)) if column.codes else "ANY"
    if t is ColumnType.COUNTRY:
        return rng.choice(["PL", "LT", "RO", "NO"])
    if t is ColumnType.BOOL:
        return rng.choice(["true", "false"])
    choices = [f"Name {i}", f"Ådne, Øyvind {i}", f'say "hi" {i}']
    return rng.choice(choices if column.required else [*choices, ""])


def make_rows(register: RegisterFile, n: int, rng: random.Random) -> list[dict[str, str]]:
    stem = register.table
    rows = []
    for i in range(n):
        row = {c.name: _value(c, rng, i) for c in register.columns}
        row["record_id"] = f"{stem}-{i}"
        rows.append(row)
    return rows


def _nest(target: dict[str, object], dotted: str, value: object) -> None:
    parts = dotted.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})  # type: ignore[assignment]
    target[parts[-1]] = value


def _json_value(column: Column, value: str) -> object:
    if value == "":
        return None
    if column.type is ColumnType.BOOL:
        return value == "true"
    if column.type is ColumnType.NUMBER:
        return int(value)
    if column.name.endswith("_address"):
        return [value]
    return value


def _unit_object(register: RegisterFile, row: dict[str, str]) -> dict[str, object]:
    obj: dict[str, object] = {}
    for column in register.columns:
        if column.json_path and column.name != "record_id":
            value = _json_value(column, row[column.name])
            if value is not None:
                _nest(obj, column.json_path, value)
    return obj


def write_json_array(path: Path, register: RegisterFile, rows: list[dict[str, str]]) -> None:
    path.write_text(
        json.dumps([_unit_object(register, r) for r in rows], ensure_ascii=False, indent=1),
        encoding="utf-8",
    )


def roles_lines(rows: list[dict[str, str]], rng: random.Random) -> list[str]:
    """Group role rows into organisations (2 per org) and write the real roles shape."""
    lines = []
    for start in range(0, len(rows), 2):
        chunk = rows[start : start + 2]
        orgnr = chunk[0]["orgnr"]
        groups = []
        for k, row in enumerate(chunk):
            row["orgnr"] = orgnr
            code = ["DAGL", "LEDE"][k]
            row["role"] = row["role_group"] = code
            row["record_id"] = f"{orgnr}:{code}:{k}"
            role: dict[str, object] = {
                "type": {"kode": code},
                "fratraadt": row["resigned"] == "true",
            }
            if k == 0:
                person = {
                    "fodselsdato": row["birth_date"],
                    "fodselsnummer": row["person_id"],
                    "navn": {
                        "fornavn": row["first_name"],
                        "mellomnavn": row["middle_name"],
                        "etternavn": row["last_name"],
                    },
                }
                role["person"] = person
                row["holder_orgnr"] = ""
            else:
                role["enhet"] = {"organisasjonsnummer": row["holder_orgnr"]}
                for key in ("person_id", "birth_date", "first_name", "middle_name", "last_name"):
                    row[key] = ""
            groups.append({"type": {"kode": code}, "roller": [role]})
        lines.append(json.dumps({"organisasjonsnummer": orgnr, "rollegrupper": groups}))
    return lines


def write_csv(path: Path, register: RegisterFile, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(register.column_names), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def count_rows(path: Path, register: RegisterFile) -> int:
    """The manifest's row count; a best guess for files made unreadable on purpose."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    if register.format is FileFormat.JSON_ARRAY:
        try:
            return len(json.loads(text))
        except ValueError:
            return 0
    if register.format is FileFormat.JSON_LINES:
        return sum(1 for line in text.splitlines() if line.strip())
    return max(0, sum(1 for r in csv.reader(io.StringIO(text, newline="")) if r) - 1)


def write_manifest(
    root: Path,
    delivery_id: str,
    *,
    overrides: dict[str, dict[str, object]] | None = None,
    created: str = CREATED,
) -> None:
    files = []
    for register in REGISTER_FILES:
        path = root / register.path
        if not path.is_file():
            continue
        entry: dict[str, object] = {
            "path": register.path,
            "agency": register.agency,
            "register": register.register,
            "extract_date": "2026-10-31",
            "period_from": "2025-11-01",
            "period_to": "2026-10-31",
            "classification": register.classification.value,
            "legal_basis": ""
            if register.classification is Classification.OPEN
            else "a-kriminformasjonsforskriften § 3",
            "rows": count_rows(path, register),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
        entry.update((overrides or {}).get(register.path, {}))
        files.append(entry)
    manifest = {"delivery_id": delivery_id, "created": created, "synthetic": True, "files": files}
    (root / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")


def write_delivery(
    root: Path,
    *,
    rows: int = 6,
    seed: int = 1,
    delivery_id: str = "fixture-1",
    bad: tuple[BadValue, ...] = (),
    only: tuple[str, ...] | None = None,
) -> Fixture:
    """A delivery with ``rows`` valid rows per file (roles: per role), plus ``bad`` values."""
    rng = random.Random(seed)
    fixture = Fixture(root)
    for register in REGISTER_FILES:
        if only is not None and register.path not in only:
            continue
        data = make_rows(register, rows, rng)
        path = root / register.path
        path.parent.mkdir(parents=True, exist_ok=True)
        if register.format is FileFormat.JSON_LINES:
            lines = roles_lines(data, rng)
            for b in bad:
                if b.path == register.path:
                    data[b.index][b.column] = b.value
            lines = roles_lines_from(data)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        else:
            for b in bad:
                if b.path == register.path:
                    data[b.index][b.column] = b.value
            if register.format is FileFormat.JSON_ARRAY:
                for row in data:
                    row["record_id"] = row["orgnr"]  # a unit's record_id is its orgnr
                write_json_array(path, register, data)
            else:
                write_csv(path, register, data)
        fixture.records[register.path] = data
    write_manifest(root, delivery_id)
    return fixture


def roles_lines_from(rows: list[dict[str, str]]) -> list[str]:
    """Roles lines from already-grouped role rows (keeps planted values)."""
    lines = []
    for start in range(0, len(rows), 2):
        chunk = rows[start : start + 2]
        groups = []
        for row in chunk:
            role: dict[str, object] = {
                "type": {"kode": row["role"]},
                "fratraadt": row["resigned"] == "true",
            }
            if row["holder_orgnr"]:
                role["enhet"] = {"organisasjonsnummer": row["holder_orgnr"]}
            else:
                role["person"] = {
                    "fodselsdato": row["birth_date"] or None,
                    "fodselsnummer": row["person_id"] or None,
                    "navn": {
                        "fornavn": row["first_name"],
                        "mellomnavn": row["middle_name"],
                        "etternavn": row["last_name"],
                    },
                }
            groups.append({"type": {"kode": row["role_group"]}, "roller": [role]})
        lines.append(
            json.dumps(
                {"organisasjonsnummer": chunk[0]["orgnr"], "rollegrupper": groups},
                ensure_ascii=False,
            )
        )
    return lines


def gzip_files(root: Path, paths: tuple[str, ...]) -> None:
    """Replace each CSV in ``paths`` by ``<path>.gz`` and list it so in the manifest: the
    sha256 is that of the compressed bytes, the row count that of the CSV inside."""
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        if entry["path"] not in paths:
            continue
        plain = root / entry["path"]
        packed = gzip.compress(plain.read_bytes(), mtime=0)
        plain.unlink()
        (root / (entry["path"] + ".gz")).write_bytes(packed)
        entry["path"] += ".gz"
        entry["sha256"] = hashlib.sha256(packed).hexdigest()
    (root / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
