"""The analysis run's memory budget: DuckDB-style sizes, the default taken from the machine's
RAM, and how resolution shares one budget between the store's database and Splink's.

One budget bounds every database the run opens: while Splink scores, the store's connection
is held to a small share and Splink gets the rest, so two engines never each plan for most of
the machine.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

_UNITS = {
    "": 1, "b": 1,
    "kb": 1000, "mb": 1000**2, "gb": 1000**3, "tb": 1000**4,
    "kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4,
}  # fmt: skip
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$")

DEFAULT_SHARE_OF_RAM = 1 / 3  # the rest is for Python's own arrays, the OS and other work
STORE_SHARE_WHILE_SCORING = 1 / 8
DISK_KEPT_FREE = 10 * 1000**3  # spill stops short of this: DuckDB fails a query rather than
MIN_SPILL = 1000**3  # fill the disk (and take the machine's other work down with it)


class BadSize(ValueError):
    """A memory size that is not a number with a unit such as ``8GB`` or ``512MiB``."""


def size_bytes(size: str) -> int:
    """``"8GB"`` -> 8_000_000_000; ``"1.5GiB"`` -> 1_610_612_736."""
    match = _SIZE.match(size)
    if match is None or match.group(2).lower() not in _UNITS:
        raise BadSize(f"{size!r} is not a memory size such as 8GB or 512MiB")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def size_text(n_bytes: int) -> str:
    """A size DuckDB's ``memory_limit`` accepts, in whole MiB."""
    return f"{max(n_bytes // 1024**2, 1)}MiB"


def physical_memory() -> int:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def default_budget() -> str:
    """A third of the machine's RAM (8 GiB on a 24 GiB machine)."""
    return size_text(int(physical_memory() * DEFAULT_SHARE_OF_RAM))


def scoring_split(budget: str) -> tuple[str, str]:
    """(store connection, Splink) limits while Splink scores: together the budget."""
    total = size_bytes(budget)
    store = int(total * STORE_SHARE_WHILE_SCORING)
    return size_text(store), size_text(total - store)


def spill_limit(directory: Path) -> str:
    """The most temporary files a database may write under ``directory``: all free disk
    space but 10 GB (at least 1 GB)."""
    directory.mkdir(parents=True, exist_ok=True)
    return size_text(max(shutil.disk_usage(directory).free - DISK_KEPT_FREE, MIN_SPILL))
