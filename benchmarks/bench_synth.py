"""Synthetic generator benchmark: wall time and peak memory of `akrim synth` for one size,
against the time to read back and hash what it wrote (the disk floor) in the same run.

    .venv/bin/python benchmarks/bench_synth.py [--size small|medium|norway] [--seed N]
                                               [--out DIR] [--keep]

Targets: small under 60 s; norway under 30 minutes and under 4 GiB peak resident memory.
The generator runs in a child process so that its peak resident memory is its own
(``resource.getrusage(RUSAGE_CHILDREN)``). On a shared machine wall time depends on load:
the child's CPU time is printed too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {
    "tiny": (10.0, 1.0),
    "small": (60.0, 2.0),
    "medium": (600.0, 3.0),
    "norway": (1800.0, 4.0),
}

GENERATE = """
import json, sys, time
from pathlib import Path
from akrim.synth import generate_delivery
t0 = time.perf_counter()
def progress(step):
    print(f"  {time.perf_counter() - t0:7.1f} s wall {time.process_time():7.1f} s cpu  {step}",
          file=sys.stderr, flush=True)
s = generate_delivery(Path(sys.argv[1]), seed=int(sys.argv[2]), size=sys.argv[3], progress=progress)
print(json.dumps({"rows": s.rows, "actors": s.actors, "seconds": s.seconds}))
"""


def generate(out: Path, seed: int, size: str) -> tuple[dict[str, object], float, float, float]:
    """(summary, wall seconds, child CPU seconds, peak RSS GiB) of one generator run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", GENERATE, str(out), str(seed), size],
        check=True,
        stdout=subprocess.PIPE,  # progress lines go straight to our stderr
        text=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_gib = after.ru_maxrss / 1024**2  # ru_maxrss is in KiB on Linux
    return json.loads(done.stdout.strip().splitlines()[-1]), wall, cpu, peak_gib


def read_back(out: Path) -> tuple[int, float]:
    """(bytes, seconds) to read and hash every file written: the floor any writer pays."""
    started = time.perf_counter()
    total = 0
    for path in sorted(out.rglob("*")):
        if path.is_file():
            h = hashlib.sha256()
            with open(path, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 22), b""):
                    h.update(chunk)
                    total += len(chunk)
    return total, time.perf_counter() - started


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", default="small", choices=list(TARGETS))
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", type=Path, help="where to write (default: a temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the delivery afterwards")
    args = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="bench-synth-")) if args.out is None else None
    out = args.out or (base / args.size)  # type: ignore[operator]
    try:
        summary, wall, cpu, peak = generate(out, args.seed, args.size)
        size_bytes, read_s = read_back(out)
    finally:
        if not args.keep:
            shutil.rmtree(base or out, ignore_errors=True)
    rows = summary["rows"]
    assert isinstance(rows, dict)
    max_s, max_gib = TARGETS[args.size]
    print(f"akrim synth --size {args.size} --seed {args.seed}")
    print(f"  wall {wall:.1f} s (target < {max_s:.0f} s)  child CPU {cpu:.1f} s")
    print(f"  peak RSS {peak:.2f} GiB (target < {max_gib:.0f} GiB)")
    print(
        f"  {sum(rows.values()):,} register rows, {size_bytes / 1024**3:.2f} GiB on disk, "
        f"{summary['actors']} actors; a-melding {rows.get('skatteetaten/a_melding.csv', 0):,} rows"
    )
    print(
        f"  read-back + sha256 of the output: {read_s:.1f} s; generation / read-back = "
        f"{wall / max(read_s, 1e-9):.1f}x"
    )
    ok = wall < max_s and peak < max_gib
    print("  " + ("MEETS TARGETS" if ok else "MISSES A TARGET"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
