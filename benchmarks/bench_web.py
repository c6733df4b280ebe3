"""Load benchmark of the web application: concurrent signed-in users against a real
`akrim serve` over a store built from the `medium` delivery.

    .venv/bin/python benchmarks/bench_web.py [--store DIR] [--delivery DIR] [--users 20]
        [--duration 120] [--think 2.0] [--threads 8]

Without ``--store`` (or with one that holds no analysed store yet) the store is built first:
a `medium` delivery is generated (or ``--delivery`` is used), ingested and analysed with the
`akrim` command, which takes several minutes. The demo users are (re)created in its
operational database. The page URLs are discovered by a signed-in user from the priorities
page and the network pages it links to, and grouped by kind: list (priorities, search),
network (a threat actor's page) and entity (company and person pages). Each simulated user
signs in once, then requests a random page of a random kind, reads it for a while (``--think``,
2 s on average; 0 makes every user click back to back, a stress test rather than people) and
clicks again, for the duration.
Two references come from the same run: each kind's pages requested one at a time by one
user before the load ("alone": the pages' own cost), and `/healthz` (no database, no
template) timed before and during the load (the server's queueing, without page work).
Target: p95 under 300 ms for every page kind, no errors.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

TARGET_P95_MS = 300.0
# Users of one centre (Oslo) and of several agencies: they see the same priorities, so the
# discovered URLs are theirs to open.
LOAD_USERS = (
    "nav-analyst",
    "skatteetaten-analyst",
    "arbeidstilsynet-analyst",
    "politi-analyst",
    "nav-manager",
)
KIND_OF_SEGMENT = {
    "priorities": "list",
    "search": "list",
    "actors": "network",
    "companies": "entity",
    "persons": "entity",
}
KIND_WEIGHTS = {"list": 0.35, "network": 0.25, "entity": 0.40}
HREF = re.compile(r'href="(/[^"#]*)"')


def akrim(store: Path | None, *args: str) -> list[str]:
    base = [sys.executable, "-c", "from akrim.cli.main import main; main()"]
    return [*base, *(["--store", str(store)] if store else []), *args]


def clean_env() -> dict[str, str]:
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("AKRIM_") and k != "DJANGO_SETTINGS_MODULE"
    }


def build_store(store: Path, delivery: Path | None, work: Path) -> None:
    """Generate (unless given), ingest and analyse a `medium` delivery into ``store``."""
    if delivery is None:
        delivery = work / "medium-seed42"
        if not (delivery / "manifest.json").exists():
            print(f"generating a medium delivery into {delivery}", flush=True)
            subprocess.run(
                akrim(None, "synth", "--out", str(delivery), "--size", "medium", "--quiet"),
                check=True,
                env=clean_env(),
            )
    for step in (("ingest", str(delivery)), ("analyse",)):
        print(f"akrim {step[0]} into {store} (minutes)", flush=True)
        done = subprocess.run(akrim(store, *step), env=clean_env(), capture_output=True)
        if done.returncode != 0:
            sys.exit(f"akrim {step[0]} failed:\n{done.stderr.decode()[-2000:]}")


def create_users(store: Path) -> str:
    code = (
        "from pathlib import Path\n"
        "from akrim.web.bootstrap import setup\n"
        f"setup(Path({str(store)!r}))\n"
        "from akrim.web.accounts.demo_users import DEMO_PASSWORD, demo_users_create\n"
        "demo_users_create()\n"
        "print(DEMO_PASSWORD)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=clean_env(), capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(store: Path, port: int, threads: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        server = subprocess.Popen(
            akrim(store, "serve", "--port", str(port), "--threads", str(threads)),
            stdout=out,
            stderr=subprocess.STDOUT,
            env=clean_env(),
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"akrim serve exited:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    sys.exit("akrim serve did not answer /healthz within 120 s")


class Session:
    """One browser-like client: its own cookies, signed in once."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def sign_in(self, username: str, password: str) -> None:
        self.get("/accounts/login/")
        token = next(c.value for c in self.cookies if c.name == "csrftoken")
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            self.base + "/accounts/login/", data=form, headers={"Referer": self.base + "/"}
        )
        with self.opener.open(request, timeout=60) as response:
            if "/accounts/login/" in response.url:
                sys.exit(f"sign-in as {username} failed")


def kind_of(path: str) -> str | None:
    segment = path.strip("/").split("/", 1)[0]
    depth = path.strip("/").count("/")
    kind = KIND_OF_SEGMENT.get(segment)
    # Only the pages themselves: /actors/X/ and /companies/X/, not their sub-routes.
    if kind in ("network", "entity") and depth != 1:
        return None
    return kind


def discover(session: Session, per_kind: int = 60) -> dict[str, list[str]]:
    """Follow links from the priorities page (and its next pages and the network pages)."""
    found: dict[str, set[str]] = defaultdict(set)
    queue = ["/priorities/"]
    seen: set[str] = set()
    while queue and min((len(found[k]) for k in KIND_WEIGHTS), default=0) < per_kind:
        path = queue.pop(0)
        if path in seen or len(seen) > 150:
            continue
        seen.add(path)
        status, body = session.get(path)
        if status != 200:
            continue
        for link in HREF.findall(body.decode("utf-8", "replace")):
            link = link.replace("&amp;", "&")
            kind = kind_of(link)
            if kind is None or len(found[kind]) >= per_kind:
                continue
            found[kind].add(link)
            if kind in ("list", "network") and link not in seen:
                queue.append(link)
    found["list"].add("/priorities/")
    return {kind: sorted(paths) for kind, paths in found.items() if paths}


@dataclass
class Results:
    latency_ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    client_errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    server_errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    slowest: dict[str, tuple[float, str]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, path: str, status: int, ms: float) -> None:
        with self.lock:
            self.latency_ms[kind].append(ms)
            if 400 <= status < 500:
                self.client_errors[kind] += 1
            elif status >= 500:
                self.server_errors[kind] += 1
            if ms > self.slowest.get(kind, (0.0, ""))[0]:
                self.slowest[kind] = (ms, path)


def timed_get(session: Session, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        status, _ = session.get(path)
    except OSError:
        status = 599  # connection refused, reset or timed out
    return status, (time.perf_counter() - started) * 1000


def simulated_user(
    session: Session,
    urls: dict[str, list[str]],
    until: float,
    results: Results,
    seed: int,
    think_s: float,
) -> None:
    rng = random.Random(seed)
    kinds = [k for k in KIND_WEIGHTS if k in urls]
    weights = [KIND_WEIGHTS[k] for k in kinds]
    time.sleep(rng.uniform(0, think_s))  # users do not all click at the same instant
    while time.monotonic() < until:
        kind = rng.choices(kinds, weights)[0]
        path = rng.choice(urls[kind])
        status, ms = timed_get(session, path)
        results.add(kind, path, status, ms)
        time.sleep(rng.uniform(0.5, 1.5) * think_s)


def reference_probe(base: str, until: float, results: Results) -> None:
    """`/healthz` every 250 ms while the users work: the server's own queueing delay."""
    session = Session(base)
    while time.monotonic() < until:
        status, ms = timed_get(session, "/healthz")
        results.add("healthz (under load)", "/healthz", status, ms)
        time.sleep(0.25)


def percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def one_user_pass(session: Session, urls: dict[str, list[str]], per_kind: int = 15) -> Results:
    """Each kind's first pages once, one request at a time: the pages' own cost, no queue."""
    alone = Results()
    for kind, paths in urls.items():
        for path in paths[:per_kind]:
            status, ms = timed_get(session, path)
            alone.add(kind, path, status, ms)
    return alone


def report(results: Results, seconds: float, idle_ms: list[float], alone: Results) -> bool:
    print(
        f"\n{'page kind':<22}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
        f"{'4xx':>6}{'5xx':>6}{'alone p50':>11}{'alone max':>11}  target"
    )
    ok = True
    rows = [*KIND_WEIGHTS, "healthz (under load)"]
    for kind in rows:
        values = results.latency_ms.get(kind, [])
        if not values:
            if kind in KIND_WEIGHTS:
                print(f"{kind:<22}no requests measured  MISSED")
                ok = False
            continue
        p95 = percentile(values, 95)
        errors = results.client_errors[kind] + results.server_errors[kind]
        verdict = ""
        if kind in KIND_WEIGHTS:
            met = p95 < TARGET_P95_MS and errors == 0
            ok &= met
            verdict = "met" if met else "MISSED"
        print(
            f"{kind:<22}{len(values):>9}{len(values) / seconds:>8.1f}"
            f"{percentile(values, 50):>9.0f}{p95:>9.0f}{max(values):>9.0f}"
            f"{results.client_errors[kind]:>6}{results.server_errors[kind]:>6}"
            f"{_alone(alone, kind, 50):>11}{_alone(alone, kind, 100):>11}  {verdict}"
        )
    print(
        f"{'healthz (idle)':<22}{len(idle_ms):>9}{'':>8}{percentile(idle_ms, 50):>9.1f}"
        f"{percentile(idle_ms, 95):>9.1f}{max(idle_ms):>9.1f}"
    )
    for kind, (ms, path) in sorted(results.slowest.items()):
        print(f"slowest {kind}: {ms:.0f} ms {path}")
    return ok


def _alone(alone: Results, kind: str, q: int) -> str:
    values = alone.latency_ms.get(kind)
    if not values:
        return "-"
    return f"{max(values) if q == 100 else percentile(values, q):.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=Path("bench-out/web-medium-store"))
    parser.add_argument("--delivery", type=Path, default=None, help="a medium delivery to use")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of load")
    parser.add_argument("--threads", type=int, default=8, help="akrim serve --threads")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--think",
        type=float,
        default=2.0,
        help="mean seconds a user reads a page before the next click (0: back to back)",
    )
    args = parser.parse_args()

    store: Path = args.store.resolve()
    if not (store / "analytics.duckdb").exists():
        build_store(store, args.delivery, store.parent)
    password = create_users(store)
    port = free_port()
    server = start_server(store, port, args.threads, store.parent / "bench-web-serve.log")
    base = f"http://127.0.0.1:{port}"
    try:
        first = Session(base)
        first.sign_in(LOAD_USERS[0], password)
        urls = discover(first)
        print("discovered: " + ", ".join(f"{len(v)} {k}" for k, v in urls.items()), flush=True)
        idle = [timed_get(first, "/healthz")[1] for _ in range(50)]
        alone = one_user_pass(first, urls)
        sessions = []
        for i in range(args.users):
            session = Session(base)
            session.sign_in(LOAD_USERS[i % len(LOAD_USERS)], password)
            sessions.append(session)
        results = Results()
        print(
            f"{args.users} users for {args.duration:.0f} s, thinking {args.think:.1f} s "
            f"between clicks, server threads {args.threads}"
        )
        started = time.monotonic()
        until = started + args.duration
        workers = [
            threading.Thread(
                target=simulated_user,
                args=(s, urls, until, results, args.seed + i, args.think),
            )
            for i, s in enumerate(sessions)
        ]
        workers.append(threading.Thread(target=reference_probe, args=(base, until, results)))
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        ok = report(results, time.monotonic() - started, idle, alone)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\ntarget p95 < {TARGET_P95_MS:.0f} ms with no errors: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
