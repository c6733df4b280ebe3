"""The web server's handle on the analytical store: one read-only connection per process, a
cursor per request, released when idle so that ``akrim analyse`` can write.

DuckDB lets many threads read through cursors of one connection, but while any process holds
the file open no other process may open it for writing. So the server opens it on the first
request, closes it after ``idle_seconds`` without readers, and a reader arriving while
another process writes gets `StoreBusy` (the page says the store is being updated). A link
decision (a write) waits until no request reads, closes the read-only connection, writes
through a read-write one and lets the next reader reopen: readers always see the file as it
is when they open it, including a freshly analysed store.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from akrim.engines.backend import (
    STORE_FILE,
    Backend,
    BackendError,
    open_store,
    open_store_read_only,
)

T = TypeVar("T")
CACHE_ENTRIES = 2048

DEFAULT_IDLE_SECONDS = 30.0


class StoreBusy(RuntimeError):
    """Another process (``akrim analyse``, ``akrim ingest``) is writing the store."""


class StoreMissing(RuntimeError):
    """The store directory has no analysed store."""


class WorkbenchStore:
    """Thread-safe readers (and rare writers) over one store directory."""

    def __init__(self, directory: Path, *, idle_seconds: float = DEFAULT_IDLE_SECONDS) -> None:
        self.directory = directory
        self.idle_seconds = idle_seconds
        self._state = threading.Condition()
        self._backend: Backend | None = None
        self._readers = 0
        self._writing = False
        self._last_used = time.monotonic()
        self._janitor: threading.Thread | None = None
        # Reads of an unchanged file give the same answer: results are kept per version of
        # the file (its size and modification time when opened) and dropped when it changes.
        self._version: tuple[int, ...] | None = None
        self._cache: OrderedDict[Hashable, object] = OrderedDict()

    @contextmanager
    def reader(self) -> Iterator[Backend]:
        """A cursor for this thread; the connection opens on demand."""
        with self._state:
            self._state.wait_for(lambda: not self._writing)
            if self._backend is None:
                self._backend = self._open()
                self._start_janitor()
                version = self._file_version()
                if version != self._version:
                    self._version = version
                    self._cache.clear()
            self._readers += 1
            cursor = self._backend.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            with self._state:
                self._readers -= 1
                self._last_used = time.monotonic()
                self._state.notify_all()

    @contextmanager
    def writer(self) -> Iterator[Backend]:
        """A read-write connection, once every reader is done; readers wait meanwhile."""
        with self._state:
            self._state.wait_for(lambda: not self._writing)
            self._writing = True
            self._state.wait_for(lambda: self._readers == 0)
            self._close_locked()
            self._cache.clear()
        try:
            backend = open_store(self.directory)
            try:
                yield backend
            finally:
                backend.close()
        except BackendError as error:
            raise StoreBusy(_busy_message(error)) from error
        finally:
            with self._state:
                self._writing = False
                self._state.notify_all()

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``'s value, remembered until the store file changes (a new analysis,
        a link decision); the most recent ``CACHE_ENTRIES`` values are kept."""
        with self._state:
            version = self._version
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]  # type: ignore[return-value]
        value = compute()
        with self._state:
            if version == self._version:
                self._cache[key] = value
                while len(self._cache) > CACHE_ENTRIES:
                    self._cache.popitem(last=False)
        return value

    def _file_version(self) -> tuple[int, ...]:
        """The database file and its write-ahead log as they are now (a write changes one)."""
        found: list[int] = []
        for path in (self.directory / STORE_FILE, self.directory / f"{STORE_FILE}.wal"):
            stat = path.stat() if path.exists() else None
            found += [stat.st_mtime_ns, stat.st_size] if stat else [0, 0]
        return tuple(found)

    def release(self) -> None:
        """Close the connection now if nobody reads (tests, shutdown)."""
        with self._state:
            if self._readers == 0:
                self._close_locked()

    def _open(self) -> Backend:
        try:
            return open_store_read_only(self.directory)
        except FileNotFoundError as error:
            raise StoreMissing(str(error)) from error
        except BackendError as error:
            raise StoreBusy(_busy_message(error)) from error

    def _close_locked(self) -> None:
        if self._backend is not None:
            self._backend.close()
            self._backend = None

    def _start_janitor(self) -> None:
        if self._janitor is None or not self._janitor.is_alive():
            self._janitor = threading.Thread(target=self._release_when_idle, daemon=True)
            self._janitor.start()

    def _release_when_idle(self) -> None:
        while True:
            time.sleep(max(self.idle_seconds / 3, 0.05))
            with self._state:
                if self._backend is None:
                    return
                idle = time.monotonic() - self._last_used
                if self._readers == 0 and not self._writing and idle >= self.idle_seconds:
                    self._close_locked()
                    return


def _busy_message(error: Exception) -> str:
    return f"the analytical store is in use by another process (akrim analyse?): {error}"


_STORES: dict[Path, WorkbenchStore] = {}
_STORES_LOCK = threading.Lock()


def workbench_store(directory: Path) -> WorkbenchStore:
    """The process's one handle on the store in ``directory``."""
    key = directory.resolve()
    with _STORES_LOCK:
        if key not in _STORES:
            _STORES[key] = WorkbenchStore(key)
        return _STORES[key]
