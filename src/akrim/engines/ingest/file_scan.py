"""One pass over a delivered file's bytes: checksum, line count, and encoding faults.

The manifest check needs the sha256 anyway, so the same read also finds what would make the
database reader fail or load garbage (UTF-16, invalid UTF-8, NUL bytes) and counts newlines,
which tells whether every CSV record sits on one physical line. A gzip-compressed file
(``.csv.gz``) is hashed as delivered and inflated on the way, so the same checks apply to its
content, and a truncated or corrupt stream rejects the file before any row is read.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa

CHUNK = 1 << 22
DECODE_PIECE = 1 << 14
UTF8_BOM = codecs.BOM_UTF8
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
GZIP_MAGIC = b"\x1f\x8b"
HEADER_LIMIT = 1 << 20
GZIP_WINDOW = 31  # zlib's wbits for a gzip wrapper


@dataclass(frozen=True, slots=True)
class FileScan:
    sha256: str
    size: int  # bytes as delivered (compressed for a .gz file)
    newlines: int
    ends_with_newline: bool
    has_bom: bool
    fault: str | None  # a one-line reason the file cannot be read as UTF-8 text, or None
    # (quote characters, newlines) in each CHUNK of a plain file's bytes, in order (empty for
    # a .gz file): where a large CSV may be cut, without reading it again (pieces.py)
    blocks: tuple[tuple[int, int], ...] = ()


def is_gzip_name(path: Path) -> bool:
    return path.name.endswith(".gz")


def open_content(path: Path) -> gzip.GzipFile | io.BufferedReader:
    """The file's content as bytes: inflated when the name ends in ``.gz``."""
    if is_gzip_name(path):
        return gzip.open(path, "rb")
    return path.open("rb")


def _encoding_fault(first: bytes) -> str | None:
    if first.startswith(GZIP_MAGIC):
        return "gzip-compressed content in a file not named .gz"
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


def _complete_length(data: bytes | memoryview) -> int:
    """The length of ``data`` up to the end of its last whole UTF-8 character: a character
    whose lead byte is among the last three bytes may continue in the next chunk."""
    size = len(data)
    for back in range(1, min(4, size) + 1):
        byte = data[size - back]
        if byte & 0xC0 == 0x80:  # a continuation byte: the lead is further back
            continue
        needed = 4 if byte >= 0xF0 else 3 if byte >= 0xE0 else 2 if byte >= 0xC0 else 1
        return size - back if needed > back else size
    return size


def _valid_utf8(data: bytes | memoryview) -> bool:
    """Holds when ``data`` is valid UTF-8. Arrow's validator reads several gigabytes a second
    without building text; Python's decoder builds a string at a few hundred megabytes a
    second. Only a chunk this rejects goes through Python's decoder, to find the fault."""
    buffer = pa.py_buffer(data)
    offsets = pa.py_buffer(np.array([0, len(buffer)], dtype=np.int64))
    try:
        pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, buffer]).cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    return True


def _count(view: npt.NDArray[np.uint8], byte: int) -> int:
    return int(np.count_nonzero(view == byte))


def count_quotes(chunk: bytes) -> int:
    """The number of ``"`` characters in ``chunk``."""
    return _count(np.frombuffer(chunk, dtype=np.uint8), 0x22)


class _ContentCheck:
    """Newlines and encoding faults of a text stream fed in chunks."""

    def __init__(self) -> None:
        self.carry = b""  # the start of a character split across chunks (at most 3 bytes)
        self.size = self.newlines = 0
        self.fault: str | None = None
        self.first = b""
        self.last = b""

    def feed(self, chunk: bytes) -> int:
        """Check a chunk; its number of newlines."""
        if not chunk:
            return 0
        if not self.first:
            self.first = chunk[:4]
            self.fault = _encoding_fault(chunk)
        view = np.frombuffer(chunk, dtype=np.uint8)
        newlines = _count(view, 0x0A)
        self.newlines += newlines
        if self.fault is None and _count(view, 0x00):
            nul = chunk.find(b"\x00")
            self.fault = f"contains a NUL byte at offset {self.size + nul}"
        if self.fault is None:
            self._decode(chunk)
        self.size += len(chunk)
        self.last = chunk[-1:]
        return newlines

    def _decode(self, chunk: bytes) -> None:
        data = self.carry + chunk if self.carry else chunk
        start = self.size - len(self.carry)  # offset of data's first byte in the stream
        whole = _complete_length(data)
        if _valid_utf8(memoryview(data)[:whole]):
            self.carry = bytes(data[whole:])
            return
        self.carry = self._fault_in(data, start)

    def _fault_in(self, data: bytes, start: int) -> bytes:
        """Decode ``data`` (starting at a character) in pieces that stay in the processor's
        cache, to name the first bad byte; what is left undecoded when none is found."""
        decoder = codecs.getincrementaldecoder("utf-8")()
        view = memoryview(data)
        for at in range(0, len(data), DECODE_PIECE):
            piece = view[at : at + DECODE_PIECE]
            try:
                decoder.decode(piece)
            except UnicodeDecodeError as error:
                # the decoder put the bytes it held back before the piece
                held = len(error.object) - len(piece)
                self.fault = _utf8_fault(error, start + at - held)
                return b""
        return bytes(decoder.getstate()[0])

    def finish(self) -> None:
        if self.fault is None and self.carry:
            try:
                codecs.utf_8_decode(self.carry, "strict", True)
            except UnicodeDecodeError as error:
                if error.reason == "unexpected end of data":
                    self.fault = "ends inside a UTF-8 character (truncated?)"
                else:
                    self.fault = _utf8_fault(error, self.size - len(self.carry))


class _Inflater:
    """Inflates a gzip file's bytes chunk by chunk (several members allowed) into a check."""

    def __init__(self, content: _ContentCheck) -> None:
        self.content = content
        self.member: zlib._Decompress | None = None
        self.fault: str | None = None
        self.pending = b""  # bytes of a member header not yet long enough to check
        self.members = 0

    def feed(self, chunk: bytes) -> None:
        data = self.pending + chunk
        self.pending = b""
        while data and self.fault is None:
            if self.member is None:
                if len(data) < len(GZIP_MAGIC):
                    self.pending = data
                    return
                if not data.startswith(GZIP_MAGIC):
                    self.fault = (
                        "data after the end of the gzip stream"
                        if self.members
                        else "not gzip-compressed although named .gz"
                    )
                    return
                self.member = zlib.decompressobj(GZIP_WINDOW)
                self.members += 1
            try:
                self.content.feed(self.member.decompress(data, CHUNK))
            except zlib.error as error:
                self.fault = f"corrupt gzip data ({error})"
                return
            data = self.member.unconsumed_tail
            if self.member.eof:
                data = self.member.unused_data + data
                self.member = None

    def finish(self) -> None:
        # output zlib still holds back (its output buffer was full) is drained before judging
        while self.fault is None and self.member is not None and not self.member.eof:
            out = self.member.decompress(b"", CHUNK)
            if not out:
                break
            self.content.feed(out)
        if self.fault is None and self.member is not None and self.member.eof:
            rest, self.member = self.member.unused_data, None
            if rest:
                self.feed(rest)
                self.finish()
                return
        if self.fault is None and (self.member is not None or self.pending):
            self.fault = "truncated gzip: the compressed data ends before its end marker"


def scan_file(path: Path) -> FileScan:
    """Hash and inspect ``path`` in one streaming read (inflating a ``.gz`` file)."""
    digest = hashlib.sha256()
    content = _ContentCheck()
    inflater = _Inflater(content) if is_gzip_name(path) else None
    size = 0
    blocks: list[tuple[int, int]] = []
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if inflater is None:
                blocks.append((count_quotes(chunk), content.feed(chunk)))
            elif inflater.fault is None and content.fault is None:
                inflater.feed(chunk)
    if inflater is not None and content.fault is None:
        inflater.finish()
        if size > 0 and inflater.fault is None and content.size == 0:
            inflater.fault = "empty file (the gzip data holds 0 bytes)"
    content.finish()
    return FileScan(
        sha256=digest.hexdigest(),
        size=size,
        newlines=content.newlines,
        ends_with_newline=content.last == b"\n",
        has_bom=content.first.startswith(UTF8_BOM),
        fault=(inflater.fault if inflater else None) or content.fault,
        blocks=tuple(blocks),
    )


def read_csv_header(path: Path) -> list[str]:
    """The header row's column names (BOM stripped); raise ValueError with a reason."""
    try:
        with open_content(path) as handle:
            head = handle.read(HEADER_LIMIT)
    except (OSError, EOFError, zlib.error) as error:
        raise ValueError(f"unreadable: {error}") from None
    text = head.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or all(not h.strip() for h in header):
        raise ValueError("empty file: no header row")
    return [h.strip() for h in header]
