"""Physical line numbers of CSV records when records and lines do not correspond one to one.

The fast path (every record on its own line, nothing rejected) needs none of this: record
``n`` (from 0) sits on line ``n + 2``. Files with quoted newlines, blank lines or records the
reader rejected are walked once here, in Python, to find where each record starts (in the
inflated content of a ``.csv.gz`` file, whose lines are those of the CSV inside).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .file_scan import open_content

csv.field_size_limit(1 << 30)


def lines_at_bytes(path: Path, byte_positions: list[int]) -> dict[int, int]:
    """The physical line (from 1) that the byte at each position lies on, in one read."""
    found: dict[int, int] = {}
    newlines = 0
    offset = 0  # bytes of content read so far
    wanted = sorted(set(byte_positions))
    with open_content(path) as handle:
        for position in wanted:
            while offset < position:
                chunk = handle.read(min(position - offset, 1 << 22))
                if not chunk:
                    break
                newlines += chunk.count(b"\n")
                offset += len(chunk)
            found[position] = newlines + 1
    return found


def record_start_lines(path: Path) -> list[int]:
    """The physical line on which each data record starts (header and blank lines skipped)."""
    starts: list[int] = []
    with open_content(path) as raw:
        reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
        previous_end = 0
        for index, record in enumerate(reader):
            start = previous_end + 1
            previous_end = reader.line_num
            if index == 0 or not record:
                continue
            starts.append(start)
    return starts


def good_record_lines(path: Path, rejected_lines: set[int], staged: int) -> list[int] | None:
    """Start lines of the records the reader accepted, in order; None when they disagree."""
    good = [line for line in record_start_lines(path) if line not in rejected_lines]
    return good if len(good) == staged else None
