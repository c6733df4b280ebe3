"""Killing the loader (SIGKILL) at random moments leaves the store before or after the
delivery, never between; a re-run then completes it."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from akrim.domain.registers import BY_PATH
from akrim.engines.backend import open_store
from akrim.engines.ingest.loader import LOADING
from akrim.engines.ingest.store import content_hash, store_is_initialised
from akrim.pipelines.ingest import run_ingest

from .fixture_delivery import write_csv, write_delivery, write_manifest

KILLS = 20
FILES = ("nav/ytelser.csv", "brreg/enheter.json", "brreg/roller.jsonl")
LOADER = (
    "import sys; from pathlib import Path; from akrim.pipelines.ingest import run_ingest; "
    "run_ingest(Path(sys.argv[1]), Path(sys.argv[2]), piece_bytes=int(sys.argv[3]))"
)
WHOLE = 1 << 40  # no file is cut into pieces
PIECES_KILLS = 10
A_MELDING = "skatteetaten/a_melding.csv"


def _state(store: Path) -> str:
    backend = open_store(store)
    try:
        return content_hash(backend) if store_is_initialised(backend) else "empty"
    finally:
        backend.close()


def _loader(store: Path, delivery: Path, piece_bytes: int = WHOLE) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", LOADER, str(store), str(delivery), str(piece_bytes)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )


def _second_delivery(tmp_path: Path, first: dict[str, list[dict[str, str]]]) -> Path:
    """A later delivery: one changed record (supersedes), new rows, the rest repeated."""
    root = tmp_path / "d2"
    write_delivery(root, rows=40, seed=7, delivery_id="fixture-2", only=FILES)
    ytelser = [*first["nav/ytelser.csv"]]
    ytelser[0] = dict(ytelser[0], amount_nok="1.00")
    write_csv(root / "nav/ytelser.csv", BY_PATH["nav/ytelser.csv"], ytelser)
    write_manifest(root, "fixture-2", created="2026-12-01T06:00:00Z")
    return root


def test_sigkill_at_random_points_leaves_before_or_after(tmp_path: Path) -> None:
    first = write_delivery(tmp_path / "d1", rows=40, only=FILES)
    base = tmp_path / "base"
    run_ingest(base, tmp_path / "d1")
    before = _state(base)
    second = _second_delivery(tmp_path, first.records)
    reference = tmp_path / "reference"
    shutil.copytree(base, reference)
    started = time.monotonic()
    assert _loader(reference, second).wait() == 0
    full_run = time.monotonic() - started
    import_only = time.monotonic()
    subprocess.run([sys.executable, "-c", "import akrim.pipelines.ingest"], check=True)
    imports = time.monotonic() - import_only
    after = _state(reference)
    assert after != before
    seen = _kill_at_random(
        tmp_path, base, second, (before, after), KILLS, 20261128, (imports * 0.9, full_run * 1.05)
    )
    print(f"kills: {seen}, full run {full_run:.2f}s, imports {imports:.2f}s")


def _kill_at_random(
    tmp_path: Path,
    base: Path,
    delivery: Path,
    states: tuple[str, str],
    kills: int,
    seed: int,
    window: tuple[float, float],
    piece_bytes: int = WHOLE,
) -> dict[str, int]:
    """Load ``delivery`` into copies of ``base``, killing the loader after a random time in
    ``window``: each store must be in one of ``states`` (before, after); every few kills a
    re-run must complete it and leave no loading table behind."""
    before, after = states
    rng = random.Random(seed)
    seen = {"before": 0, "after": 0}
    for attempt in range(kills):
        store = tmp_path / f"kill{attempt}"
        shutil.copytree(base, store)
        process = _loader(store, delivery, piece_bytes)
        time.sleep(rng.uniform(*window))
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = _state(store)
        assert state in (before, after), f"kill {attempt}: store between before and after"
        seen["before" if state == before else "after"] += 1
        if attempt % 3 == 0:
            assert _loader(store, delivery, piece_bytes).wait() == 0
            assert _state(store) == after
            assert _loading_tables(store) == []
        shutil.rmtree(store)
    assert seen["before"] > 0
    return seen


def _loading_tables(store: Path) -> list[str]:
    """Tables of files loaded ahead of a delivery's transaction that were never moved in."""
    backend = open_store(store)
    try:
        return [
            str(name)
            for (name,) in backend.rows(
                "SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, ?)",
                [LOADING],
            )
        ]
    finally:
        backend.close()


def test_sigkill_while_a_file_loads_in_pieces_leaves_before_or_after(tmp_path: Path) -> None:
    """A large file loads piece by piece, each piece committed into a table of its own that
    only the delivery's transaction moves into place: a kill between pieces leaves nothing
    of the earlier ones visible, and the next run clears what they left (the pieces on disk,
    the half-filled table)."""
    write_delivery(tmp_path / "d", rows=300, only=(A_MELDING, "nav/ytelser.csv"))
    piece_bytes = 2_000  # about a dozen rows a piece: some twenty pieces
    reference = tmp_path / "reference"
    started = time.monotonic()
    assert _loader(reference, tmp_path / "d", piece_bytes).wait() == 0
    full_run = time.monotonic() - started
    after = _state(reference)
    rng = random.Random(20261129)
    seen = {"before": 0, "after": 0}
    for attempt in range(PIECES_KILLS):
        store = tmp_path / f"kill{attempt}"
        process = _loader(store, tmp_path / "d", piece_bytes)
        time.sleep(rng.uniform(full_run * 0.5, full_run * 1.05))
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = _state(store) if store.exists() else "empty"
        assert state in ("empty", after), f"kill {attempt}: store between before and after"
        seen["before" if state == "empty" else "after"] += 1
        if attempt % 3 == 0:
            assert _loader(store, tmp_path / "d", piece_bytes).wait() == 0
            assert _state(store) == after
            assert not any((store / "tmp" / "ingest-pieces").glob("*"))
            assert _loading_tables(store) == []
        shutil.rmtree(store, ignore_errors=True)
    assert seen["before"] > 0
    print(f"kills: {seen}, full run {full_run:.2f}s")


def test_sigkill_while_a_new_register_loads_ahead_leaves_before_or_after(tmp_path: Path) -> None:
    """A later delivery brings a register the store lacks (loaded ahead, in pieces, into a
    table of its own) and a changed one (compared with its stored versions inside the
    delivery's transaction): a kill at any point leaves the store before or after both."""
    first = write_delivery(tmp_path / "d1", rows=60, only=("nav/ytelser.csv",))
    base = tmp_path / "base"
    run_ingest(base, tmp_path / "d1")
    before = _state(base)
    second = tmp_path / "d2"
    write_delivery(second, rows=300, seed=7, delivery_id="fixture-2", only=(A_MELDING,))
    ytelser = [*first.records["nav/ytelser.csv"]]
    ytelser[0] = dict(ytelser[0], amount_nok="1.00")
    (second / "nav").mkdir()
    write_csv(second / "nav/ytelser.csv", BY_PATH["nav/ytelser.csv"], ytelser)
    write_manifest(second, "fixture-2", created="2026-12-01T06:00:00Z")
    piece_bytes = 2_000
    reference = tmp_path / "reference"
    shutil.copytree(base, reference)
    started = time.monotonic()
    assert _loader(reference, second, piece_bytes).wait() == 0
    full_run = time.monotonic() - started
    after = _state(reference)
    assert after != before
    window = (full_run * 0.4, full_run * 1.05)
    seen = _kill_at_random(
        tmp_path, base, second, (before, after), PIECES_KILLS, 20261130, window, piece_bytes
    )
    print(f"kills: {seen}, full run {full_run:.2f}s")
