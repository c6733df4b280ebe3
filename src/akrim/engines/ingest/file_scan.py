"""One pass over a delivered file's bytes: checksum, line count, and encoding faults.

The manifest check needs the sha256 anyway, so the same read also finds what would make the
database reader fail or load garbage (UTF-16, invalid UTF-8, NUL bytes) and counts newlines,
which tells whether every CSV record sits on one physical line.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1 << 22
UTF8_BOM = codecs.BOM_UTF8
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
HEADER_LIMIT = 1 << 20


@dataclass(frozen=True, slots=True)
class FileScan:
    sha256: str
    size: int
    newlines: int
    ends_with_newline: bool
    has_bom: bool
    fault: str | None  # a one-line reason the file cannot be read as UTF-8 text, or None


def _encoding_fault(first: bytes) -> str | None:
    if first.startswith(UTF16_BOMS):
        return "encoded as UTF-16; the contract requires UTF-8"
    if len(first) >= 4 and first[1:4:2] == b"\x00\x00" and first[0] != 0:
        return "looks like UTF-16 without a byte-order mark; the contract requires UTF-8"
    return None


def _utf8_fault(error: UnicodeDecodeError, offset: int) -> str:
    position = offset + error.start
    byte = error.object[error.start : error.start + 1].hex()
    return (
        f"not UTF-8 (byte 0x{byte} at offset {position}; Latin-1 or Windows-1252?); "
        "the contract requires UTF-8"
    )


def scan_file(path: Path) -> FileScan:
    """Hash and inspect ``path`` in one streaming read."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    size = newlines = 0
    fault: str | None = None
    first = b""
    last = b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            if not first:
                first = chunk[:4]
                fault = _encoding_fault(chunk)
            digest.update(chunk)
            newlines += chunk.count(b"\n")
            if fault is None:
                nul = chunk.find(b"\x00")
                if nul >= 0:
                    fault = f"contains a NUL byte at offset {size + nul}"
            if fault is None:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as error:
                    fault = _utf8_fault(error, size)
            size += len(chunk)
            last = chunk[-1:]
    if fault is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            fault = "ends inside a UTF-8 character (truncated?)"
    return FileScan(
        sha256=digest.hexdigest(),
        size=size,
        newlines=newlines,
        ends_with_newline=last == b"\n",
        has_bom=first.startswith(UTF8_BOM),
        fault=fault,
    )


def read_csv_header(path: Path) -> list[str]:
    """The header row's column names (BOM stripped); raise ValueError with a reason."""
    with path.open("rb") as handle:
        head = handle.read(HEADER_LIMIT)
    text = head.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or all(not h.strip() for h in header):
        raise ValueError("empty file: no header row")
    return [h.strip() for h in header]
