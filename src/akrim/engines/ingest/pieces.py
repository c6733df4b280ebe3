"""Cutting a large CSV file into pieces at record boundaries, each a CSV file of its own.

A national extract (tens of millions of rows) staged whole does not fit the loader's memory
budget: the staging table spills to disk, and every later step (rules, repeated ids, the
facts) reads it back from there. Loaded piece by piece, each piece's staging fits in memory.

A piece is the original header line followed by a run of whole records. A newline ends a
record only outside quotes; in RFC 4180 (quote and escape both ``"``) that holds exactly when
the number of quote characters before it is even, since an escaped quote counts twice. So the
file is cut after such a newline, found by counting quotes; nothing is parsed twice. A file
in which no such newline follows the wanted size within :data:`MAX_SEARCH` bytes (a quote
left open) is not cut there: the rest stays one piece, and the reader judges it as it would
the whole file.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

BLOCK = 1 << 24  # bytes counted at a time
MAX_SEARCH = 1 << 24  # how far past the wanted size a cut is looked for
HEADER_LIMIT = 1 << 20  # a header line longer than this is not looked for


@dataclass(frozen=True, slots=True)
class Cut:
    """Where a piece's records lie in the original file."""

    start: int  # byte offset of its first record
    end: int  # byte offset just past its last record
    first_line: int  # the original file's line number (from 1) of its first byte
    newlines: int  # newlines in [start, end)


@dataclass(frozen=True, slots=True)
class Piece:
    """A piece written to disk: the header line, then the records of ``cut``."""

    path: Path
    cut: Cut
    header_newlines: int  # newlines in the header line (1, or 0 when the file is one line)

    @property
    def newlines(self) -> int:
        return self.header_newlines + self.cut.newlines

    @property
    def line_offset(self) -> int:
        """Add to a line number in the piece to get the line in the original file."""
        return self.cut.first_line - 1 - self.header_newlines


def _header_end(handle: BinaryIO) -> int | None:
    """Offset just past the header line (its first newline outside quotes), or None."""
    handle.seek(0)
    head = handle.read(HEADER_LIMIT)
    position, quotes = 0, 0
    while True:
        newline = head.find(b"\n", position)
        if newline < 0:
            return None
        quotes += head.count(b'"', position, newline)
        if quotes % 2 == 0:
            return newline + 1
        position = newline + 1


def _read_count(handle: BinaryIO, start: int, end: int, byte: bytes) -> int:
    """How often ``byte`` occurs in [start, end) of the file, read a block at a time (a
    mapped file would count every page it touched as the process's own memory)."""
    handle.seek(start)
    found, left = 0, end - start
    while left > 0:
        block = handle.read(min(BLOCK, left))
        if not block:
            break
        found += block.count(byte)
        left -= len(block)
    return found


@dataclass(frozen=True, slots=True)
class BlockCounts:
    """(quote characters, newlines) in each block of ``size`` bytes of a file, in order: what
    the byte scan found while hashing it, so that counting a range reads only its ends."""

    size: int
    counts: tuple[tuple[int, int], ...]


class _Counter:
    """Counts quotes and newlines in byte ranges of a file, from its block counts when known."""

    def __init__(self, handle: BinaryIO, blocks: BlockCounts | None) -> None:
        self.handle = handle
        self.blocks = blocks
        self.prefix: list[tuple[int, int]] = [(0, 0)]
        for quotes, newlines in blocks.counts if blocks else ():
            last = self.prefix[-1]
            self.prefix.append((last[0] + quotes, last[1] + newlines))

    def count(self, start: int, end: int, byte: bytes) -> int:
        if self.blocks is None or end - start <= 2 * self.blocks.size:
            return _read_count(self.handle, start, end, byte)
        size = self.blocks.size
        first, last = -(-start // size), end // size  # whole blocks first..last-1
        if last >= len(self.prefix):
            return _read_count(self.handle, start, end, byte)
        which = 0 if byte == b'"' else 1
        whole = self.prefix[last][which] - self.prefix[first][which]
        return (
            _read_count(self.handle, start, first * size, byte)
            + whole
            + _read_count(self.handle, last * size, end, byte)
        )


def plan_cuts(
    path: Path, piece_bytes: int, blocks: BlockCounts | None = None
) -> tuple[int, list[Cut]]:
    """(header length, the cuts) for ``path``; fewer than two cuts means: load it whole.

    ``blocks``, when given, are the file's quote and newline counts per block: the file is
    then read only around each cut instead of whole."""
    size = path.stat().st_size
    if size <= piece_bytes:
        return 0, []
    with path.open("rb") as handle:
        body = _header_end(handle)
        if body is None:
            return 0, []
        counter = _Counter(handle, blocks)
        cuts: list[Cut] = []
        start, line = body, 1 + counter.count(0, body, b"\n")
        while start < size:
            end = _cut_end(handle, counter, start, piece_bytes, size)
            newlines = counter.count(start, end, b"\n")
            cuts.append(Cut(start, end, line, newlines))
            start, line = end, line + newlines
        return body, cuts


def _cut_end(handle: BinaryIO, counter: _Counter, start: int, piece_bytes: int, size: int) -> int:
    """Just past the first newline outside quotes at least ``piece_bytes`` after ``start``
    (``start`` being a record boundary); the file's end when there is none close enough."""
    target = start + piece_bytes
    if target >= size:
        return size
    odd = counter.count(start, target, b'"') % 2 == 1
    handle.seek(target)
    window = handle.read(min(size, target + MAX_SEARCH) - target)
    position = 0
    while True:
        newline = window.find(b"\n", position)
        if newline < 0:
            return size
        odd ^= window.count(b'"', position, newline) % 2 == 1
        if not odd:
            return target + newline + 1
        position = newline + 1


def write_piece(path: Path, header_end: int, cut: Cut, target: Path) -> Piece:
    """Write the header line and the records of ``cut`` to ``target``."""
    with path.open("rb") as source, target.open("wb") as out:
        header = source.read(header_end)
        out.write(header)
        _copy_range(source, out, cut.start, cut.end - cut.start)
    return Piece(target, cut, header.count(b"\n"))


def _copy_range(source: BinaryIO, out: BinaryIO, offset: int, length: int) -> None:
    """Copy ``length`` bytes from ``offset`` of ``source`` to the end of ``out``, inside the
    kernel where it can (no round trip through the interpreter)."""
    out.flush()
    copied = 0
    try:
        while copied < length:
            done = os.copy_file_range(
                source.fileno(), out.fileno(), length - copied, offset + copied
            )
            if done == 0:
                break
            copied += done
    except OSError:
        pass  # a file system without in-kernel copies: finish by reading and writing
    if copied < length:
        source.seek(offset + copied)
        out.seek(0, os.SEEK_END)
        remaining = length - copied
        while remaining > 0:
            chunk = source.read(min(remaining, BLOCK))
            if not chunk:
                break
            out.write(chunk)
            remaining -= len(chunk)


def clear_directory(directory: Path) -> None:
    """Remove pieces left behind (by a process that was killed while loading)."""
    shutil.rmtree(directory, ignore_errors=True)
