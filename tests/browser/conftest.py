"""Browser-test harness: one demo store per run, a real `akrim serve` per worker, Chromium.

Fixtures:
- ``akrim_server`` (session): an `AkrimServer` with ``url``, ``store``, ``password`` (the demo
  users' password) and ``run_python(code)`` / ``create_user(...)`` against its database.
- ``browser`` (session): Playwright's Chromium (Debian's ``/usr/bin/chromium``).
- ``page`` (per test): a fresh browser context and page; a screenshot of its last state is
  saved under ``test-artifacts/screenshots/`` when the test ends.
Helpers: ``signed_in(page, server, username)`` and ``screenshot(page, name)``.

The store is built once per run (a file lock shares it between pytest-xdist workers) by
``akrim demo --size tiny --no-serve``; set AKRIM_BROWSER_DEMO_DIR to keep and reuse one.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    # Without these Chromium keeps calling home, flooding a closed network with refusals.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DEMO_SIZE = "tiny"  # small takes ~2 minutes to build here; tiny ~45 s (docs/web.md)
DEMO_SEED = 42
READY_MARKER = ".browser-demo-ready"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
START_TIMEOUT_S = 90
STEP_TIMEOUT_MS = 45_000  # generous: CI machines run the browser beside the test workers


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{CHROMIUM} is missing under CI (run .ci/ensure-chromium)", pytrace=False)
    pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (.ci/ensure-chromium)")


def clean_env() -> dict[str, str]:
    """The environment without the test run's Django and akrim settings."""
    dropped = {"DJANGO_SETTINGS_MODULE", "PYTHONDONTWRITEBYTECODE"}
    return {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("AKRIM_")}


def akrim_command(store: Path | None, *args: str) -> list[str]:
    prefix = [sys.executable, "-c", "from akrim.cli.main import main; main()"]
    return [*prefix, *(["--store", str(store)] if store else []), *args]


@dataclass(frozen=True)
class AkrimServer:
    url: str
    store: Path
    password: str

    def run_python(self, code: str) -> str:
        """Run ``code`` in a fresh process with Django set up on this server's store."""
        prelude = (
            "from pathlib import Path\n"
            "from akrim.web.bootstrap import setup\n"
            f"setup(Path({str(self.store)!r}))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", prelude + code],
            capture_output=True,
            text=True,
            env=clean_env(),
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def create_user(
        self,
        username: str,
        agency: str,
        roles: tuple[str, ...],
        centre: str = "oslo",
        *,
        totp: bool = False,
        otp_required: bool = False,
    ) -> str:
        """Create (or re-create, with no lock-out) a user with the demo password; returns
        the hex TOTP key when ``totp``."""
        code = (
            "from akrim.web.accounts.services import user_create\n"
            "from akrim.web.accounts.models import User\n"
            "from axes.models import AccessAttempt\n"
            "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
            f"User.objects.filter(username={username!r}).delete()\n"
            f"AccessAttempt.objects.filter(username={username!r}).delete()\n"
            f"u = user_create(username={username!r}, agency={agency!r}, centre={centre!r},"
            f" roles={list(roles)!r}, password={self.password!r})\n"
            f"u.otp_required = {otp_required!r}; u.save()\n"
            f"if {totp!r}:\n"
            "    print(TOTPDevice.objects.create(user=u, name='app', confirmed=True).key)\n"
        )
        return self.run_python(code).strip()


def _shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory every xdist worker of this run sees (the parent of the workers' temps)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _build_demo(directory: Path) -> None:
    if (directory / READY_MARKER).exists():
        return
    if directory.exists():
        shutil.rmtree(directory)
    done = subprocess.run(
        akrim_command(
            None,
            "demo",
            "--dir",
            str(directory),
            "--size",
            DEMO_SIZE,
            "--seed",
            str(DEMO_SEED),
            "--no-serve",
        ),
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"akrim demo failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    (directory / READY_MARKER).write_text("ok")


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The analysed demo directory: built once per run, under a lock shared by workers."""
    _require_chromium()
    kept = os.environ.get("AKRIM_BROWSER_DEMO_DIR")
    directory = Path(kept) if kept else _shared_root(tmp_path_factory) / "akrim-browser-demo"
    directory.parent.mkdir(parents=True, exist_ok=True)
    with open(directory.parent / f"{directory.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            _build_demo(directory)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return directory


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"akrim serve exited {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"akrim serve did not answer /healthz in {START_TIMEOUT_S} s")


@pytest.fixture(scope="session")
def akrim_server(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AkrimServer]:
    """`akrim serve` as a real process on a free port over the demo store; stopped at the end."""
    from akrim.web.accounts.demo_users import DEMO_PASSWORD

    store = demo_dir / "akrim-data"
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            akrim_command(store, "serve", "--port", str(port), "--threads", "4"),
            stdout=out,
            stderr=subprocess.STDOUT,
            env=clean_env(),
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, log)
        yield AkrimServer(url=url, store=store, password=DEMO_PASSWORD)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def browser(akrim_server: AkrimServer) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1366, "height": 800})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    current = context.new_page()
    try:
        yield current
    finally:
        screenshot(current, request.node.nodeid)
        context.close()


def screenshot(page: Any, name: str) -> Path:
    """Save the page as ``test-artifacts/screenshots/<name>.png`` (name made file-safe)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name).strip('_')}.png"
    try:
        page.screenshot(path=str(path), full_page=True)
    except Exception as error:  # a closed or crashed page must not hide the test's own result
        print(f"screenshot {path} failed: {error}", file=sys.stderr)
    return path


def signed_in(page: Any, server: AkrimServer, username: str, password: str | None = None) -> Any:
    """Sign ``username`` in through the sign-in page (password only); returns the page."""
    page.goto(f"{server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or server.password)
    page.click("form[data-testid=login-form] button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page
