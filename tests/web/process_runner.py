"""Run the `akrim` command or a Python snippet against a store in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_akrim(
    store: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the `akrim` command in a fresh process, as an operator would."""
    full_env = _clean_env(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from akrim.cli.main import main; main()",
            "--store",
            str(store),
            *args,
        ],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


def run_python(store: Path, code: str, env: dict[str, str] | None = None) -> str:
    """Run a snippet against the operational database of ``store`` in a fresh process."""
    full_env = _clean_env(env)
    prelude = (
        "from pathlib import Path\n"
        "from akrim.web.bootstrap import setup\n"
        f"setup(Path({str(store)!r}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", prelude + code],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _clean_env(extra: dict[str, str] | None) -> dict[str, str]:
    """The environment without the test run's Django and akrim settings, plus ``extra``."""
    # Bytecode may be cached: each fresh process would otherwise recompile Django.
    dropped = {"DJANGO_SETTINGS_MODULE", "PYTHONDONTWRITEBYTECODE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("AKRIM_")}
    env.update(extra or {})
    return env
