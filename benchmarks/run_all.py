"""Run every benchmark at its default (small) size, one after another, and print their figures.

Larger runs are options of each script (see its --help), e.g.
``benchmarks/bench_synth.py --size norway`` or ``benchmarks/bench_ingest.py DELIVERY``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _run(title: str, *args: str) -> int:
    print(f"\n=== {title}: {' '.join(args)}", flush=True)
    started = time.perf_counter()
    code = subprocess.call([sys.executable, *args])
    print(f"=== {title}: exit {code}, {time.perf_counter() - started:.0f} s", flush=True)
    return code


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="akrim-bench-") as tmp:
        delivery = Path(tmp) / "small-seed42"
        steps = [
            (
                "synthetic generator",
                str(HERE / "bench_synth.py"),
                "--size",
                "small",
                "--out",
                str(delivery),
                "--keep",
            ),
            ("ingest", str(HERE / "bench_ingest.py"), str(delivery)),
            ("resolution", str(HERE / "bench_resolution.py"), "--delivery", str(delivery)),
            ("FEBRL4 resolution", str(HERE / "febrl.py")),
            (
                "priorities",
                str(HERE / "bench_priorities.py"),
                "--sizes",
                "small",
                "--seeds",
                "8",
                "--work",
                str(Path(tmp) / "priorities"),
            ),
            ("sharing", str(HERE / "bench_sharing.py")),
        ]
        failures = [title for title, *args in steps if _run(title, *args) != 0]
    if failures:
        print(f"\nfailed: {', '.join(failures)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
