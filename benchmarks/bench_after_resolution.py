"""The stages of ``akrim analyse`` after resolution, on a store that is already resolved:
wall time, CPU time and peak resident memory per stage, under the run's memory budget.

Issue 5 asks for ``akrim analyse`` after resolution (networks, indicators, scores and what
follows them) within 15 minutes and 12 GiB at ``norway`` size; resolution has its own
benchmark (``bench_resolution.py --store``). This runs the same stage functions, in the same
order and with the same budget as ``run_analyse``, skipping only the resolution stage.

Example::

    .venv/bin/python benchmarks/bench_after_resolution.py /work/bench-data/norway-store
"""

from __future__ import annotations

import argparse
import os
import resource
import threading
import time
from pathlib import Path

from akrim.engines.backend import open_store
from akrim.engines.resolution.memory import default_budget
from akrim.pipelines.analyse import STAGES, AnalyseOptions

TARGET_SECONDS = 15 * 60
TARGET_GIB = 12.0


class RssSampler:
    """The process's resident memory, sampled every half second; the peak since reset."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self._stop.wait(0.5):
            with open("/proc/self/statm") as statm:
                self.peak = max(self.peak, int(statm.read().split()[1]) * page)

    def reset(self) -> None:
        self.peak = 0

    def stop(self) -> None:
        self._stop.set()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="a store on which akrim analyse has resolved")
    parser.add_argument("--memory-limit", default=None, help="budget [default: as analyse]")
    args = parser.parse_args()
    budget = args.memory_limit or default_budget()
    options = AnalyseOptions(memory_limit=budget)
    sampler = RssSampler()
    backend = open_store(args.store, memory_limit=budget)
    total_wall, total_cpu = 0.0, 0.0
    print(f"store {args.store}, memory budget {budget}", flush=True)
    try:
        for name, stage in STAGES:
            if name == "resolution":
                continue
            sampler.reset()
            wall, cpu = time.monotonic(), time.process_time()
            stage(backend, args.store, options)
            wall, cpu = time.monotonic() - wall, time.process_time() - cpu
            total_wall, total_cpu = total_wall + wall, total_cpu + cpu
            print(
                f"stage {name:<20} {wall:8.1f} s wall {cpu:8.1f} s CPU "
                f"peak {sampler.peak / 1024**3:5.2f} GiB",
                flush=True,
            )
    finally:
        backend.close()
        sampler.stop()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(f"after resolution   {total_wall:8.1f} s wall {total_cpu:8.1f} s CPU peak {peak:.2f} GiB")
    print(f"target under 15 minutes  {'met' if total_wall < TARGET_SECONDS else 'MISSED'}")
    print(f"target under 12 GiB peak {'met' if peak < TARGET_GIB else 'MISSED'}")


if __name__ == "__main__":
    main()
