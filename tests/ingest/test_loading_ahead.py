"""Files whose fact table is empty load ahead of the delivery's transaction into tables of
their own, which that transaction moves into place: nothing of them is visible before it
commits, nothing of them is left when it fails, and the rest of the delivery is compared
with its stored versions as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from akrim.domain.registers import BY_PATH
from akrim.engines.ingest import loader
from akrim.pipelines.ingest import run_ingest

from .fixture_delivery import write_csv, write_delivery, write_manifest

FOLKEREGISTER = "skatteetaten/folkeregister.csv"
A_MELDING = "skatteetaten/a_melding.csv"
YTELSER = "nav/ytelser.csv"
LEFT_BEHIND = "SELECT count(*) FROM duckdb_tables() WHERE starts_with(table_name, '_loading_')"


def test_a_first_delivery_moves_every_table_into_place(tmp_path: Path, store: Path, reader):
    write_delivery(tmp_path / "d", rows=60, only=(FOLKEREGISTER, YTELSER))
    report = run_ingest(store, tmp_path / "d")
    assert report.exit_code == 0
    assert reader(LEFT_BEHIND) == [(0,)]
    assert reader("SELECT count(*) FROM facts.skatteetaten__folkeregister") == [(60,)]
    assert reader("SELECT count(*) FROM current.nav__ytelser") == [(60,)]


def test_text_columns_of_distinct_values_are_written_with_zstd(
    tmp_path: Path, store: Path, reader
) -> None:
    """Nearly every person number differs in the population register (one row a person);
    the sex code takes two values: only the first is worth ZSTD."""
    write_delivery(tmp_path / "d", rows=60, only=(FOLKEREGISTER,))
    run_ingest(store, tmp_path / "d")
    compression = dict(
        reader(
            "SELECT column_name, string_agg(DISTINCT compression, ',') FROM "
            "pragma_storage_info('facts.skatteetaten__folkeregister') "
            "WHERE segment_type = 'VARCHAR' GROUP BY column_name"
        )
    )
    assert compression["person_id"] == "ZSTD"
    assert compression["record_id"] == "ZSTD"
    assert "ZSTD" not in compression["sex"]


def test_a_register_new_to_the_store_loads_ahead_beside_a_compared_one(
    tmp_path: Path, store: Path, reader
) -> None:
    first = write_delivery(tmp_path / "d1", rows=30, only=(YTELSER,))
    run_ingest(store, tmp_path / "d1")
    second = tmp_path / "d2"
    write_delivery(second, rows=40, seed=5, delivery_id="fixture-2", only=(A_MELDING,))
    ytelser = [*first.records[YTELSER]]
    ytelser[0] = dict(ytelser[0], amount_nok="1.00")
    (second / "nav").mkdir()
    write_csv(second / YTELSER, BY_PATH[YTELSER], ytelser)
    write_manifest(second, "fixture-2", created="2026-12-01T06:00:00Z")
    report = run_ingest(store, second, piece_bytes=1_500)
    files = {f.path: f for f in report.files}
    assert (files[A_MELDING].status, files[A_MELDING].loaded) == ("loaded", 40)
    assert (files[YTELSER].superseded, files[YTELSER].duplicates) == (1, 29)
    assert reader("SELECT count(*) FROM facts.nav__ytelser") == [(31,)]
    assert reader("SELECT count(*) FROM current.skatteetaten__a_melding") == [(40,)]
    assert reader(LEFT_BEHIND) == [(0,)]


def test_a_delivery_that_fails_leaves_nothing_behind(
    tmp_path: Path, store: Path, reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_delivery(tmp_path / "d", rows=20, only=(FOLKEREGISTER, YTELSER))

    def failing(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk is gone")

    monkeypatch.setattr(loader, "_run_transaction", failing)
    with pytest.raises(RuntimeError, match="the disk is gone"):
        run_ingest(store, tmp_path / "d")
    assert reader(LEFT_BEHIND) == [(0,)]
    assert reader(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name IN ('meta', 'current')"
    ) == [(0,)]
    monkeypatch.undo()
    assert run_ingest(store, tmp_path / "d").exit_code == 0
    assert reader("SELECT count(*) FROM facts.skatteetaten__folkeregister") == [(20,)]
