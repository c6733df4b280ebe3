"""Resolution benchmark: accuracy against truth and speed at scale.

Three ways to run it (each prints wall time, peak memory and mentions per second; the first
two also pairwise precision/recall/F1):

* ``--delivery DIR`` (or ``--size small --seed 42``, which writes one with ``akrim synth``):
  ingest the delivery into a fresh store, ``akrim analyse``, export identities and score them
  against ``truth/persons.csv`` and ``truth/companies.csv``.
* ``--persons N``: a store filled directly with N people who appear in several registers with
  realistic noise (misspellings, swapped names, day/month swaps, D-number before a national
  ID, passports), for scale runs independent of the delivery generator.
* ``--store DIR``: ``akrim analyse`` of an ingested store (e.g. a norway-size one) as it runs
  in production, its resident memory (with any child processes) sampled every second: wall
  time per stage, the peak and the stage it fell in, the most spill in ``DIR/tmp``, and
  mentions resolved per second. It stops the run if the disk's free space falls under 8 GB.
  The analyse overwrites only its own schemas; ``--memory-limit`` is passed on;
  ``--stop-after resolution`` stops it when the next stage starts (the later stages' schemas
  keep what an earlier run wrote).

Examples::

    .venv/bin/python benchmarks/bench_resolution.py --size small --seed 42
    nice .venv/bin/python benchmarks/bench_resolution.py --persons 3000000
    nice .venv/bin/python benchmarks/bench_resolution.py --store /work/bench-data/norway-store
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).parent))

from akrim.domain.identifiers import make_person_id
from akrim.domain.registers import BY_PATH, ColumnType
from akrim.engines.backend import open_store
from akrim.engines.resolution.resolve import ResolutionSettings, resolve
from pairwise import pairwise_scores, read_identities, read_truth

AKRIM = str(Path(sys.executable).parent / "akrim")


def peak_gib(*, children: bool = False) -> float:
    """Peak resident memory of this process, or of the largest finished child (the akrim
    commands), so that the scoring's own dictionaries do not count against akrim."""
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024**2


def run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


# --------------------------------------------------------------------- delivery with truth


def bench_delivery(delivery: Path, work: Path) -> None:
    store = work / "store"
    started = time.monotonic()
    run([AKRIM, "--store", str(store), "ingest", str(delivery)])
    ingested = time.monotonic()
    subprocess.run([AKRIM, "--store", str(store), "analyse"], check=True)
    analysed = time.monotonic()
    peak = peak_gib(children=True)
    out = work / "identities.csv"
    run([AKRIM, "--store", str(store), "export", "identities", "--out", str(out)])
    for kind, truth_file, key in (
        ("person", "persons.csv", "person_key"),
        ("company", "companies.csv", "company_key"),
    ):
        predicted = read_identities(out, kind)
        truth = read_truth(delivery / "truth" / truth_file, key)
        missing = len(truth.keys() - predicted.keys())
        print(pairwise_scores(predicted, truth).line(truth_file[:-4]) + f"  unresolved {missing}")
    mentions = sum(1 for _ in out.open()) - 1
    seconds = analysed - ingested
    rate = mentions / seconds
    print(f"ingest {ingested - started:.1f} s, analyse {seconds:.1f} s ({rate:,.0f} mentions/s),"
          f" peak of ingest/analyse {peak:.2f} GiB")  # fmt: skip


# --------------------------------------------------------------------- scale without a delivery

FIRST = [
    "ole",
    "jan",
    "per",
    "lars",
    "kari",
    "anne",
    "ingrid",
    "marit",
    "lukasz",
    "piotr",
    "tomasz",
    "jonas",
    "tomas",
    "andrius",
    "janis",
    "andris",
    "ion",
    "vasile",
    "maria",
    "elena",
    "anna",
    "katarzyna",
    "agnieszka",
    "mihai",
    "andrei",
    "olga",
    "ivan",
    "oksana",
    "petr",
]
LAST = [
    "hansen",
    "johansen",
    "olsen",
    "larsen",
    "andersen",
    "pedersen",
    "nilsen",
    "kristiansen",
    "jensen",
    "berg",
    "haugen",
    "hagen",
    "johnsen",
    "kowalski",
    "nowak",
    "wisniewski",
    "wojcik",
    "kazlauskas",
    "jankauskas",
    "petrauskas",
    "berzins",
    "kalnins",
    "ozols",
    "popescu",
    "ionescu",
    "popa",
    "shevchenko",
    "kovalenko",
    "bondarenko",
    "novak",
    "svoboda",
]
REGISTERS = ("skatteetaten/a_melding.csv", "arbeidstilsynet/hms_kort.csv",
             "arbeidstilsynet/tilsyn_personer.csv", "vegvesen/forerkort.csv",
             "skatteetaten/utsendte.csv")  # fmt: skip


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _person(rng: random.Random, n: int, used: set[str]) -> dict[str, object]:
    # rare surnames (with a number suffix spelled as letters) keep namesakes realistic
    last = rng.choice(LAST) + ("" if rng.random() < 0.3 else "ab"[n % 2] + str(n % 997))
    last = "".join(c if not c.isdigit() else "abcdefghij"[int(c)] for c in last)
    foreign = rng.random() < 0.15
    while True:  # person numbers per birth date and sex are few: draw until unused
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(50 * 365))
        pid = make_person_id(rng, birth, rng.choice("MF"), dnumber=foreign)
        if pid not in used:
            used.add(pid)
            break
    return {
        "first": rng.choice(FIRST), "last": last, "birth": birth, "foreign": foreign,
        "pid": pid,
        "passport": f"P{rng.randrange(10**8):08d}" if foreign else None,
    }  # fmt: skip


def _mention(rng: random.Random, p: dict[str, object], register: str) -> dict[str, object]:
    first, last = str(p["first"]), str(p["last"])
    birth = p["birth"]
    assert isinstance(birth, dt.date)
    r = rng.random()
    if r < 0.05:
        last = _typo(rng, last)
    elif r < 0.08:
        first, last = last, first
    if rng.random() < 0.02 and birth.day <= 12:
        birth = dt.date(birth.year, birth.day, birth.month)
    with_id = register == "skatteetaten/a_melding.csv" or rng.random() < 0.6
    row: dict[str, object] = {"first_name": first.upper() if rng.random() < 0.3 else first,
                              "last_name": last, "birth_date": birth.isoformat()}  # fmt: skip
    if p["foreign"] and register in ("skatteetaten/utsendte.csv", "vegvesen/forerkort.csv"):
        row.update(foreign_id=p["passport"], foreign_id_country="PL", foreign_id_type="passport")
    elif with_id:
        row["person_id"] = p["pid"]
    return row


def fill_store(store: Path, persons: int, seed: int) -> dict[tuple[str, str, str], str]:
    """People in several registers; returns the truth (mention -> person number)."""
    rng = random.Random(seed)
    used: set[str] = set()
    people = [_person(rng, n, used) for n in range(persons)]
    rows: dict[str, list[dict[str, object]]] = {r: [] for r in REGISTERS}
    truth: dict[tuple[str, str, str], str] = {}
    role = {r: m.role for r in REGISTERS for m in BY_PATH[r].mentions if m.kind == "person"}
    for n, p in enumerate(people):
        for register in rng.sample(REGISTERS, rng.randint(1, 4)):
            record_id = f"R{len(rows[register])}"
            rows[register].append({"record_id": record_id, **_mention(rng, p, register)})
            truth[(register, record_id, role[register])] = str(n)
    backend = open_store(store)
    backend.execute("CREATE SCHEMA IF NOT EXISTS current")
    for register, records in rows.items():
        spec = BY_PATH[register]
        table = pa.table({c.name: pa.array([r.get(c.name) for r in records], pa.string())
                          for c in spec.columns})  # fmt: skip
        backend.register_arrow("_bench", table)
        select = ", ".join(f"CAST({c.name} AS DATE) AS {c.name}" if c.type is ColumnType.DATE
                           else c.name for c in spec.columns)  # fmt: skip
        backend.execute(
            f"CREATE OR REPLACE TABLE current.{spec.table} AS SELECT {select} FROM _bench"
        )
        backend.unregister("_bench")
    backend.close()
    return truth


def bench_scale(persons: int, seed: int, work: Path) -> None:
    store = work / "store"
    truth = fill_store(store, persons, seed)
    print(f"{persons:,} persons, {len(truth):,} mentions in {len(REGISTERS)} registers")
    backend = open_store(store)
    started = time.monotonic()
    report = resolve(backend, ResolutionSettings(temp_directory=str(store / "tmp")))
    seconds = time.monotonic() - started
    rows = backend.rows(
        "SELECT source_file, record_id, role, entity_id FROM resolution.identities "
        "WHERE entity_kind = 'person'"
    )
    backend.close()
    predicted = {(str(f), str(r), str(o)): str(e) for f, r, o, e in rows}
    print(pairwise_scores(predicted, truth).line("persons"))
    print(f"resolution {seconds:.1f} s ({len(truth) / seconds:,.0f} mentions/s, "
          f"{report.persons.profiles:,} profiles), peak {peak_gib():.2f} GiB, "
          f"model trained: {report.model_trained}")  # fmt: skip


# --------------------------------------------------------------------- analyse of a given store

MIN_FREE_DISK = 8 * 1000**3
STAGE_START = re.compile(r"^(?:\d\d:\d\d:\d\d )?stage (\S+) started$")


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            pages = int(Path(f"/proc/{entry}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total


def _dir_bytes(path: Path) -> int:
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):  # a spill file removed while we walk
                total += os.stat(os.path.join(root, name)).st_size
    return total


def _stage_of(elapsed: float, starts: list[tuple[float, str]]) -> str:
    """The stage running ``elapsed`` seconds after the start (from the "stage X started"
    lines akrim analyse prints when its output is not a terminal)."""
    current = "start-up"
    for started, name in starts:
        if started <= elapsed:
            current = name
    return current


def _read_lines(stream: IO[str], started: float, lines: list[tuple[float, str]]) -> None:
    for line in stream:
        lines.append((time.monotonic() - started, line.rstrip("\n")))


def _next_stage_began(lines: list[tuple[float, str]], stage: str) -> bool:
    names = [m.group(1) for m in (STAGE_START.match(x) for _, x in list(lines)) if m]
    return stage in names and names[-1] != stage


def bench_store(store: Path, memory_limit: str | None, stop_after: str | None = None) -> None:
    if not (store / "analytics.duckdb").is_file():
        sys.exit(f"error: no analytical store at {store}")
    cmd = [AKRIM, "--store", str(store), "analyse"]
    if memory_limit:
        cmd += ["--memory-limit", memory_limit]
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[tuple[float, str]] = []
    assert proc.stdout is not None
    reader = threading.Thread(target=_read_lines, args=(proc.stdout, started, lines))
    reader.start()
    samples: list[tuple[float, int, int]] = []  # seconds, rss, spill
    min_free = shutil.disk_usage(store).free
    stopped = ""
    while proc.poll() is None:
        samples.append((time.monotonic() - started, _tree_rss(proc.pid), _dir_bytes(store / "tmp")))
        min_free = min(min_free, shutil.disk_usage(store).free)
        if min_free < MIN_FREE_DISK:
            proc.terminate()
            stopped = f"stopped: free disk fell under {MIN_FREE_DISK / 1000**3:.0f} GB"
            break
        if stop_after and _next_stage_began(lines, stop_after):
            proc.terminate()  # the later stages keep what an earlier run wrote
            break
        time.sleep(1.0)
    proc.wait()
    reader.join()
    seconds = time.monotonic() - started
    starts = [(t, m.group(1)) for t, m in ((t, STAGE_START.match(x)) for t, x in lines) if m]
    _print_store_run(store, seconds, samples, starts, min_free)
    _print_resolution_rate(store, starts, seconds)
    if stopped or (proc.returncode and not stop_after):
        tail = "\n".join(x for _, x in lines[-40:])
        sys.exit(f"error: {stopped or f'akrim analyse failed ({proc.returncode})'}\n{tail}")


def _print_store_run(store: Path, seconds: float, samples: list[tuple[float, int, int]],
                     starts: list[tuple[float, str]], min_free: int) -> None:  # fmt: skip
    peak_at, peak, _ = max(samples, key=lambda s: s[1], default=(0.0, 0, 0))
    print(f"akrim analyse of {store}: {seconds:.1f} s, peak RSS {peak / 1024**3:.2f} GiB "
          f"at {peak_at:.0f} s (stage {_stage_of(peak_at, starts)}), "
          f"most spill {max((s[2] for s in samples), default=0) / 1000**3:.1f} GB, "
          f"least free disk {min_free / 1000**3:.0f} GB")  # fmt: skip
    ends = [t for t, _ in starts[1:]] + [seconds]
    for (begun, name), end in zip(starts, ends, strict=True):
        in_stage = [s for s in samples if _stage_of(s[0], starts) == name]
        peak_in = max((s[1] for s in in_stage), default=0) / 1024**3
        spill_in = max((s[2] for s in in_stage), default=0) / 1000**3
        print(
            f"  stage {name}: {end - begun:.1f} s, peak {peak_in:.2f} GiB, spill {spill_in:.1f} GB"
        )


def _print_resolution_rate(store: Path, starts: list[tuple[float, str]], seconds: float) -> None:
    """Mentions per second of the resolution stage, once it has finished."""
    names = [n for _, n in starts]
    if "resolution" not in names or names[-1] == "resolution":
        return
    i = names.index("resolution")
    resolution = starts[i + 1][0] - starts[i][0]
    backend = open_store(store)
    persons = int(str(backend.scalar("SELECT count(*) FROM resolution.person_mentions")))
    companies = int(str(backend.scalar("SELECT count(*) FROM resolution.company_mentions")))
    entities = backend.rows("SELECT entity_kind, count(*) FROM resolution.entities GROUP BY 1")
    backend.close()
    print(f"resolution: {persons:,} person and {companies:,} company mentions in "
          f"{resolution:.0f} s, {(persons + companies) / resolution:,.0f} mentions/s; entities "
          + ", ".join(f"{k} {n:,}" for k, n in entities))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--delivery", type=Path)
    parser.add_argument("--size", choices=["tiny", "small", "medium", "norway"])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--persons", type=int)
    parser.add_argument("--store", type=Path, help="analyse this ingested store in place")
    parser.add_argument("--memory-limit", help="passed to akrim analyse (--store only)")
    parser.add_argument(
        "--stop-after", metavar="STAGE", help="stop akrim analyse when the next stage starts"
    )
    args = parser.parse_args()
    if args.store:
        bench_store(args.store, args.memory_limit, args.stop_after)
        return
    with tempfile.TemporaryDirectory(prefix="akrim-bench-") as tmp:
        work = Path(tmp)
        if args.persons:
            bench_scale(args.persons, args.seed, work)
            return
        delivery = args.delivery
        if delivery is None:
            if args.size is None:
                parser.error("give --delivery DIR, --size SIZE or --persons N")
            delivery = work / "delivery"
            t = time.monotonic()
            run([AKRIM, "synth", "--out", str(delivery), "--size", args.size,
                 "--seed", str(args.seed)])  # fmt: skip
            print(f"synth {args.size} seed {args.seed}: {time.monotonic() - t:.1f} s")
        bench_delivery(delivery, work)


if __name__ == "__main__":
    main()
