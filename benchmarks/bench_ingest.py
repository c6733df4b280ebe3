"""Ingest benchmark: wall time, rows/s and peak memory of `akrim ingest` on one delivery,
against DuckDB's own bare read of the same files in the same run.

    .venv/bin/python benchmarks/bench_ingest.py DELIVERY [--keep-store DIR]

Targets (norway delivery): under 10 minutes, under 6 GiB peak, at most 3x the bare read.
Each side runs in its own child process so that its peak resident memory is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 600
TARGET_PEAK_GIB = 6.0
TARGET_RATIO = 3.0

INGEST = """
import json, sys, time
from pathlib import Path
from akrim.pipelines.ingest import run_ingest
started = time.perf_counter()
file_started, file_seconds = {}, {}
def progress(path, event):
    if event == "start":
        file_started[path] = time.perf_counter()
    elif path in file_started:
        file_seconds[path] = time.perf_counter() - file_started[path]
report = run_ingest(Path(sys.argv[1]), Path(sys.argv[2]), progress)
print(json.dumps({"seconds": time.perf_counter() - started, "totals": report.totals,
                  "exit_code": report.exit_code, "file_seconds": file_seconds,
                  "files": [(f.path, f.status, f.read) for f in report.files]}))
"""

BARE_READ = """
import json, sys, time
import duckdb
con = duckdb.connect()
con.execute("SET memory_limit = '4GB'")
con.execute(f"SET temp_directory = '{sys.argv[2]}'")
seconds = {}
for path in json.loads(sys.argv[1]):
    started = time.perf_counter()
    if path.endswith((".csv", ".csv.gz")):
        # the contract's dialect (RFC 4180), every column as text, bad records skipped
        source = (
            f"read_csv('{path}', all_varchar = true, header = true, delim = ',', "
            "quote = '\\"', escape = '\\"', ignore_errors = true)"
        )
    elif path.endswith(".jsonl"):
        source = f"read_json('{path}', format = 'newline_delimited')"
    else:
        source = f"read_json('{path}', format = 'array')"
    con.execute(f"CREATE OR REPLACE TEMP TABLE bare AS SELECT * FROM {source}")
    con.execute("DROP TABLE bare")
    seconds[path] = time.perf_counter() - started
print(json.dumps(seconds))
"""


def _child(code: str, *args: str) -> tuple[dict[str, object], float, float, float]:
    """Run python code in a child; (its JSON output, wall s, peak RSS GiB, CPU s used).

    Written data still on its way to disk (the ingest's store, a bare read's spill) is
    flushed first, so that no run pays for the one before it."""
    os.sync()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    assert process.stdout is not None and process.stderr is not None
    out, err = process.stdout.read(), process.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"child failed: {err.decode()[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return json.loads(out.decode().strip().splitlines()[-1]), wall, usage.ru_maxrss / 2**20, cpu


def _delivered_files(delivery: Path) -> list[str]:
    manifest = json.loads((delivery / "manifest.json").read_text(encoding="utf-8"))
    paths = [str(delivery / e["path"]) for e in manifest["files"]]
    return [p for p in paths if Path(p).is_file() and Path(p).stat().st_size > 0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("delivery", type=Path)
    parser.add_argument("--keep-store", type=Path, help="ingest into this store and keep it")
    args = parser.parse_args()
    delivery = args.delivery.resolve()
    scratch = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    store = args.keep_store or scratch / "store"
    try:
        files = _delivered_files(delivery)
        size_gib = sum(Path(p).stat().st_size for p in files) / 2**30
        # bare reads before and after the ingest: the machine's load may change in between
        bare, _, bare_peak, bare_cpu = _child(BARE_READ, json.dumps(files), str(scratch))
        ingest, ingest_wall, ingest_peak, ingest_cpu = _child(INGEST, str(store), str(delivery))
        bare_after, _, _, bare_cpu_after = _child(BARE_READ, json.dumps(files), str(scratch))
        bare_runs = [sum(float(str(v)) for v in b.values()) for b in (bare, bare_after)]
        bare_seconds = sum(bare_runs) / 2
        rerun, _, _, _ = _child(INGEST, str(store), str(delivery))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    totals = ingest["totals"]
    assert isinstance(totals, dict)
    rows = int(totals["read"])
    seconds = float(str(ingest["seconds"]))
    ratio = seconds / bare_seconds
    print(f"delivery            {delivery} ({len(files)} files, {size_gib:.2f} GiB)")
    print(
        f"rows read           {rows:,} (loaded {totals['loaded']:,}, "
        f"quarantined {totals['quarantined']:,}, duplicates {totals['duplicates']:,})"
    )
    print(f"ingest wall time    {seconds:.1f} s (process {ingest_wall:.1f} s)")
    print(f"ingest rows/s       {rows / seconds:,.0f}")
    print(f"ingest peak RSS     {ingest_peak:.2f} GiB")
    print(
        f"bare DuckDB read    {bare_seconds:.1f} s (before {bare_runs[0]:.1f} s, after "
        f"{bare_runs[1]:.1f} s; peak {bare_peak:.2f} GiB)"
    )
    print(f"ratio ingest/bare   {ratio:.2f}x")
    # CPU seconds of each child process (imports included): steadier than wall time when
    # other work shares the machine
    cpu_ratio = ingest_cpu / ((bare_cpu + bare_cpu_after) / 2)
    print(
        f"CPU ingest/bare     {cpu_ratio:.2f}x ({ingest_cpu:.1f} s against "
        f"{bare_cpu:.1f} s and {bare_cpu_after:.1f} s, whole processes)"
    )
    print(f"re-run (no change)  {float(str(rerun['seconds'])):.1f} s")
    verdicts = {
        f"under {TARGET_SECONDS // 60} minutes": seconds < TARGET_SECONDS,
        f"under {TARGET_PEAK_GIB:g} GiB peak": ingest_peak < TARGET_PEAK_GIB,
        f"at most {TARGET_RATIO:g}x the bare read": ratio <= TARGET_RATIO,
    }
    for name, ok in verdicts.items():
        print(f"target {name:28s} {'met' if ok else 'MISSED'}")
    slowest = sorted(bare.items(), key=lambda kv: -float(str(kv[1])))[:3]
    print(
        "slowest bare reads  "
        + ", ".join(f"{Path(p).name} {float(str(s)):.1f}s" for p, s in slowest)
    )
    # per file: the ingest's time from its start to its verdict (the byte checks overlap it,
    # the delivery's commit follows) against the file's first bare read
    per_file = ingest.get("file_seconds", {})
    assert isinstance(per_file, dict)
    bare_by_name = {str(Path(p).relative_to(delivery)): float(str(s)) for p, s in bare.items()}
    slow = sorted(per_file.items(), key=lambda kv: -float(str(kv[1])))[:4]
    print(
        "slowest ingests     "
        + ", ".join(
            f"{Path(p).name} {float(str(s)):.1f}s ({float(str(s)) / bare_by_name[p]:.1f}x)"
            if bare_by_name.get(p)
            else f"{Path(p).name} {float(str(s)):.1f}s"
            for p, s in slow
        )
    )


if __name__ == "__main__":
    main()
