"""A throw-away PostgreSQL server for tests: initdb in a temporary folder, a free port,
run as the `postgres` system user when the tests run as root (PostgreSQL refuses root)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def postgres_bin() -> Path | None:
    """The newest PostgreSQL server binaries Debian installed, if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    return Path(found[-1]).parent if found else None


def _version(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", *command]


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a server; yield a database URL for a fresh database; stop and remove it after."""
    bin_dir = postgres_bin()
    assert bin_dir is not None
    # Not under pytest's temporary folder: that one is private to root.
    workdir = Path(tempfile.mkdtemp(prefix="akrim-pg-"))
    try:
        yield from _serve(bin_dir, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _serve(bin_dir: Path, workdir: Path) -> Iterator[str]:
    data, sockets = workdir / "pgdata", workdir / "pgsock"
    for d in (workdir, sockets):
        d.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
        shutil.chown(sockets, "postgres", "postgres")
    port = _free_port()

    def run(*cmd: str) -> None:
        command = _as_server_user([str(bin_dir / cmd[0]), *cmd[1:]])
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{cmd[0]} failed: {done.stdout}{done.stderr}")

    run("initdb", "-D", str(data), "-U", "akrim", "--auth=trust", "-E", "UTF8", "--no-sync")
    options = f"-p {port} -k {sockets} -h 127.0.0.1 -c fsync=off"
    run("pg_ctl", "-D", str(data), "-o", options, "-l", str(workdir / "server.log"), "-w", "start")
    try:
        _create_database(port)
        yield f"postgresql://akrim@127.0.0.1:{port}/akrim_test"
    finally:
        run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")


def _create_database(port: int) -> None:
    import psycopg

    deadline = time.monotonic() + 30
    while True:
        try:
            with psycopg.connect(
                host="127.0.0.1", port=port, user="akrim", dbname="postgres", autocommit=True
            ) as con:
                con.execute("CREATE DATABASE akrim_test")
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
