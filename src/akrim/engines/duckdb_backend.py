"""The DuckDB implementation of the backend seam (the default store: one file on disk)."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from akrim.engines.backend import Backend, BackendError, Params, Row

# DuckDB may cut an error message in the middle of a multi-byte character (seen with odd
# JSON keys), and its client then raises UnicodeDecodeError instead of duckdb.Error: both
# mean the statement failed, and callers must get the same BackendError for either.
_DATABASE_ERRORS = (duckdb.Error, UnicodeDecodeError)


def _one_line(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return "the database failed on this input (its error message was not readable text)"
    return " ".join(str(error).split())


def _sync_file(path: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


class DuckDBBackend(Backend):
    """A DuckDB database file (or ``:memory:``) behind the backend API."""

    dialect = "duckdb"

    def __init__(
        self,
        database: Path | str = ":memory:",
        *,
        temp_directory: Path | None = None,
        memory_limit: str | None = None,
        read_only: bool = False,
    ) -> None:
        self._file = None if str(database) == ":memory:" else Path(database)
        self._writing_back: threading.Thread | None = None
        self._write_back_lock = threading.Lock()
        self._write_back_again = False
        try:
            self._con = duckdb.connect(str(database), read_only=read_only)
        except _DATABASE_ERRORS as error:  # e.g. another process holds the file for writing
            raise BackendError(_one_line(error)) from error
        if temp_directory is not None:
            temp_directory.mkdir(parents=True, exist_ok=True)
            self._con.execute(f"SET temp_directory = '{temp_directory}'")
        if memory_limit is not None:
            self._con.execute(f"SET memory_limit = '{memory_limit}'")

    @classmethod
    def _over(cls, con: duckdb.DuckDBPyConnection) -> DuckDBBackend:
        backend = cls.__new__(cls)
        backend._con = con
        backend._file = None
        backend._writing_back = None
        backend._write_back_lock = threading.Lock()
        backend._write_back_again = False
        return backend

    def cursor(self) -> DuckDBBackend:
        """A backend over a new cursor of this connection: one per thread, same database."""
        return DuckDBBackend._over(self._con.cursor())

    def execute(self, sql: str, params: Params = None) -> None:
        try:
            self._con.execute(sql, params)
        except _DATABASE_ERRORS as error:
            raise BackendError(_one_line(error)) from error

    def rows(self, sql: str, params: Params = None) -> list[Row]:
        try:
            return [tuple(r) for r in self._con.execute(sql, params).fetchall()]
        except _DATABASE_ERRORS as error:
            raise BackendError(_one_line(error)) from error

    def arrow(self, sql: str, params: Params = None) -> pa.Table:
        try:
            result = self._con.sql(sql, params=params).to_arrow_table()
        except _DATABASE_ERRORS as error:
            raise BackendError(_one_line(error)) from error
        return result

    def register_arrow(self, name: str, table: pa.Table) -> None:
        self._con.register(name, table)

    def unregister(self, name: str) -> None:
        self._con.unregister(name)

    @contextmanager
    def bulk_string_writes(self) -> Iterator[None]:
        """DuckDB's default string compression (dictionary + FSST) spends most of a write of
        high-cardinality strings choosing and building dictionaries; ZSTD writes such columns
        about twice as fast and, for ids, into fewer blocks. Other column types keep their own
        compression (ZSTD applies to strings only)."""
        self.execute("SET force_compression = 'zstd'")
        try:
            yield
        finally:
            self.execute("RESET force_compression")

    @contextmanager
    def lookups_as_written(self) -> Iterator[None]:
        """DuckDB picks a join's build side by estimated size; for a view such as the
        network's edges, or a filtered range of mentions, the estimate is far too small and
        the join hashes tens of millions of wide rows (twice as slow on the medium delivery,
        and spilling at national size)."""
        self.execute("SET disabled_optimizers = 'build_side_probe_side'")
        try:
            yield
        finally:
            self.execute("RESET disabled_optimizers")

    def checkpoint(self) -> None:
        self.execute("CHECKPOINT")

    def write_back(self) -> None:
        """Flush the database file's written blocks from the page cache to disk in a thread:
        DuckDB writes a large transaction's data to the file as it goes, and without this the
        commit's sync would wait for all of it. Asked while a flush runs, it flushes once more
        after it."""
        if self._file is None or not self._file.is_file():
            return
        with self._write_back_lock:
            self._write_back_again = True
            if self._writing_back is not None:
                return
            self._writing_back = threading.Thread(
                target=self._write_back_loop, name="store-write-back", daemon=True
            )
            self._writing_back.start()

    def _write_back_loop(self) -> None:
        assert self._file is not None
        while True:
            with self._write_back_lock:
                if not self._write_back_again:
                    self._writing_back = None
                    return
                self._write_back_again = False
            _sync_file(self._file)

    def begin(self) -> None:
        self.execute("BEGIN TRANSACTION")

    def commit(self) -> None:
        self.execute("COMMIT")

    def rollback(self) -> None:
        # nothing may be open: the failure happened before or at BEGIN
        with contextlib.suppress(duckdb.Error):
            self._con.execute("ROLLBACK")

    def close(self) -> None:
        self._con.close()
