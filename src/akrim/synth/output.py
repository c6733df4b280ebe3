"""Writing a delivery: register files with their truth mentions, bad rows and the manifest.

Every row a register sink writes gets its record_id here, and every person or company it
mentions is written to truth/persons.csv or truth/companies.csv in the same step, so the
truth covers every record by construction. Files are hashed while they are written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from akrim.domain.registers import BY_PATH, ColumnType, RegisterFile
from akrim.synth.reference import CREATED, EXTRACT_DATE, PERIOD_FROM, PERIOD_TO

LEGAL_BASIS = {
    "open": "",
    "confidential": "a-kriminformasjonsforskriften § 3",
    "police": "politiregisterloven § 30 jf. a-kriminformasjonsforskriften § 3",
}
BAD_ROW_SHARE = 0.0008
_FLUSH_ROWS = 20_000

Mention = tuple[str, str]  # (truth key, role)


class HashingFile:
    """A binary file that keeps the sha256 and byte count of what is written to it."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh: IO[bytes] = open(path, "wb")  # noqa: SIM115 - closed by close()
        self.sha = hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.sha.update(data)
        self._fh.write(data)

    def close(self) -> str:
        self._fh.close()
        return self.sha.hexdigest()


class CsvBuffer:
    """RFC 4180 CSV (CRLF, minimal quoting, UTF-8) written through a buffer in large chunks."""

    def __init__(self, path: Path, header: Sequence[str]) -> None:
        self.file = HashingFile(path)
        self._buf = io.StringIO()
        self._writer = csv.writer(self._buf, lineterminator="\r\n")
        self._writer.writerow(header)
        self._pending = 0
        self.rows = 0

    def write(self, row: Sequence[str]) -> None:
        self._writer.writerow(row)
        self._pending += 1
        self.rows += 1
        if self._pending >= _FLUSH_ROWS:
            self.flush()

    def write_many(self, rows: Iterable[Sequence[str]], count: int) -> None:
        self._writer.writerows(rows)
        self.rows += count
        self._pending += count
        if self._pending >= _FLUSH_ROWS:
            self.flush()

    def write_lines(self, lines: list[str], count: int) -> None:
        """Rows already formatted as CSV lines (CRLF-terminated)."""
        self.flush()
        self.file.write("".join(lines).encode("utf-8"))
        self.rows += count

    def flush(self) -> None:
        self.file.write(self._buf.getvalue().encode("utf-8"))
        self._buf.seek(0)
        self._buf.truncate()
        self._pending = 0

    def close(self) -> str:
        self.flush()
        return self.file.close()


@dataclass
class FileEntry:
    rf: RegisterFile
    rows: int
    sha256: str
    period: tuple[str, str] | None


class Truth:
    """truth/persons.csv, truth/companies.csv and truth/bad_rows.csv, written as rows go out."""

    def __init__(self, out: Path) -> None:
        self.persons = CsvBuffer(
            out / "truth" / "persons.csv", ("person_key", "source_file", "record_id", "role")
        )
        self.companies = CsvBuffer(
            out / "truth" / "companies.csv", ("company_key", "source_file", "record_id", "role")
        )
        self.bad = CsvBuffer(out / "truth" / "bad_rows.csv", ("file", "record_id", "reason"))

    def close(self) -> None:
        self.persons.close()
        self.companies.close()
        self.bad.close()


class RegisterSink:
    """One CSV register file: rows in, record_ids, truth mentions and planted bad rows out."""

    def __init__(self, out: Path, path: str, truth: Truth, seed: int, prefix: str) -> None:
        self.rf = BY_PATH[path]
        self.columns = self.rf.column_names
        self._buf = CsvBuffer(out / path, self.columns)
        self._truth = truth
        self._prefix = prefix
        self._rng = random.Random(f"{seed}:bad:{path}")
        self._typed = {
            c.name: c.type
            for c in self.rf.columns
            if c.type
            in (ColumnType.ORGNR, ColumnType.PERSON_ID, ColumnType.DATE, ColumnType.AMOUNT)
        }
        self.count = 0

    def next_id(self) -> str:
        self.count += 1
        return f"{self._prefix}{self.count:08d}"

    def write(
        self,
        values: dict[str, str],
        persons: Sequence[Mention] = (),
        companies: Sequence[Mention] = (),
        *,
        force_bad: bool = False,
    ) -> str:
        rid = self.next_id()
        values["record_id"] = rid
        if force_bad or self._rng.random() < BAD_ROW_SHARE:
            self._corrupt(values, rid)
        self._buf.write([values.get(c, "") for c in self.columns])
        path = self.rf.path
        for key, role in persons:
            self._truth.persons.write((key, path, rid, role))
        for key, role in companies:
            self._truth.companies.write((key, path, rid, role))
        return rid

    def _corrupt(self, values: dict[str, str], rid: str) -> None:
        candidates = [c for c in self._typed if values.get(c)]
        if not candidates:
            return
        col = self._rng.choice(sorted(candidates))
        kind = self._typed[col]
        values[col], reason = corrupt_value(self._rng, kind, values[col])
        self._truth.bad.write((self.rf.path, rid, f"{col}: {reason}"))

    def write_lines(self, lines: list[str]) -> None:
        """Preformatted rows (record_ids taken with next_id, truth written by the caller)."""
        self._buf.write_lines(lines, len(lines))

    def close(self) -> FileEntry:
        sha = self._buf.close()
        return FileEntry(self.rf, self._buf.rows, sha, None)


def corrupt_value(rng: random.Random, kind: ColumnType, value: str) -> tuple[str, str]:
    """A value that breaks its column's rule, and why."""
    if kind in (ColumnType.ORGNR, ColumnType.PERSON_ID):
        last = int(value[-1])
        return value[:-1] + str((last + rng.randint(1, 9)) % 10), "bad check digit"
    if kind == ColumnType.DATE:
        y = value[:4]
        return rng.choice(
            [f"{y}-02-30", f"{y}-13-01", f"{y}-04-31", f"{value[8:10]}.{value[5:7]}.{y}"]
        ), "impossible date"
    return rng.choice(
        [f"{value} kr", f"{value},-", "ca " + value.split(".")[0], "ukjent"]
    ), "text in amount"


def write_json_file(out: Path, path: str, chunks: Iterable[bytes]) -> tuple[int, str]:
    f = HashingFile(out / path)
    for chunk in chunks:
        f.write(chunk)
    return 0, f.close()


def write_manifest(out: Path, seed: int, size: str, entries: list[FileEntry]) -> None:
    files = []
    for e in sorted(entries, key=lambda x: x.rf.path):
        item: dict[str, object] = {
            "path": e.rf.path,
            "agency": e.rf.agency,
            "register": e.rf.register,
            "extract_date": EXTRACT_DATE,
        }
        if e.period:
            item["period_from"], item["period_to"] = e.period
        item["classification"] = e.rf.classification.value
        item["legal_basis"] = LEGAL_BASIS[e.rf.classification.value]
        item["rows"] = e.rows
        item["sha256"] = e.sha256
        files.append(item)
    manifest = {
        "delivery_id": f"2026-10-synthetic-{size}-seed{seed}",
        "created": CREATED.replace("06:00", f"06:{seed % 60:02d}"),
        "synthetic": True,
        "generator": {"size": size, "seed": seed},
        "files": files,
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


DEFAULT_PERIOD = (PERIOD_FROM, PERIOD_TO)
