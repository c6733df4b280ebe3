"""The backend seam: the small database API every engine talks to, whatever runs the SQL.

Engines build SQL as plain strings (pure ``*_sql`` functions) and hand it to a ``Backend``;
data crosses the seam as Arrow tables. DuckDB is the default (``DuckDBBackend``); a Spark
backend implements the same methods and no pipeline changes.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

Params = Sequence[object] | None
Row = tuple[object, ...]

STORE_FILE = "analytics.duckdb"


class BackendError(RuntimeError):
    """A statement the backend could not run; the message is the backend's own, one line."""


class Backend(ABC):
    """Execute SQL, read results as rows or Arrow, register Arrow tables, run transactions."""

    dialect: str = "generic"

    @abstractmethod
    def execute(self, sql: str, params: Params = None) -> None:
        """Run a statement for its effect."""

    @abstractmethod
    def rows(self, sql: str, params: Params = None) -> list[Row]:
        """Run a query and return all its rows as tuples."""

    @abstractmethod
    def arrow(self, sql: str, params: Params = None) -> pa.Table:
        """Run a query and return its result as an Arrow table."""

    @abstractmethod
    def register_arrow(self, name: str, table: pa.Table) -> None:
        """Make an Arrow table queryable under ``name`` until unregistered."""

    @abstractmethod
    def unregister(self, name: str) -> None:
        """Forget a table registered with ``register_arrow``."""

    @abstractmethod
    def begin(self) -> None: ...

    @abstractmethod
    def commit(self) -> None: ...

    @abstractmethod
    def rollback(self) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    def cursor(self) -> Backend:
        """A backend for another thread over the same open database (readers in a server)."""
        raise NotImplementedError(f"{type(self).__name__} has no cursors")

    @contextmanager
    def bulk_string_writes(self) -> Iterator[None]:
        """Inside, tables are written for speed of writing many distinct strings (ids, names)
        rather than for the tightest file; a backend without such a choice ignores it."""
        yield

    @contextmanager
    def lookups_as_written(self) -> Iterator[None]:
        """Inside, a join builds its hash table on its right side as the SQL is written: for
        lookups of a large table's rows in a narrower one (positions by record key), where a
        backend's estimates might build on the large side and carry its payload through the
        join. A backend without such a choice ignores it."""
        yield

    def checkpoint(self) -> None:  # noqa: B027 (optional: most backends have nothing to do)
        """Write what the statements so far changed into the store file, so that a long run
        of large writes does not carry the earlier ones in memory; a no-op where writes are
        already durable."""

    def write_back(self) -> None:  # noqa: B027 (optional: most backends have nothing to do)
        """Start putting on disk, in the background, what a long transaction has written so
        far, so that its commit does not wait for all of it at once; a hint, which changes
        nothing of what is stored or when it becomes visible."""

    def scalar(self, sql: str, params: Params = None) -> object:
        """The first column of the first row, or None for an empty result."""
        result = self.rows(sql, params)
        return result[0][0] if result else None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All statements inside become visible together at commit, or not at all."""
        self.begin()
        try:
            yield
        except BaseException:
            self.rollback()
            raise
        self.commit()


def open_store(store: Path, *, memory_limit: str | None = None) -> Backend:
    """The analytical store in directory ``store`` (created when missing), on DuckDB."""
    from akrim.engines.duckdb_backend import DuckDBBackend

    store.mkdir(parents=True, exist_ok=True)
    return DuckDBBackend(
        store / STORE_FILE, temp_directory=store / "tmp", memory_limit=memory_limit
    )


def open_store_read_only(store: Path) -> Backend:
    """The analytical store for reading only (the web server); fails if it does not exist.

    While a process holds it open, no other process can open it for writing."""
    from akrim.engines.duckdb_backend import DuckDBBackend

    database = store / STORE_FILE
    if not database.is_file():
        raise FileNotFoundError(f"no analytical store at {database}")
    return DuckDBBackend(database, read_only=True)
