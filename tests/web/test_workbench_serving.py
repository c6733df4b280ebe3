"""The workbench serving tables against independent recomputations in Python: the
adjacency holds every network edge in both directions with its record count and first
records, a node tied to itself once; the search keys hold every mention's identifiers
under the mention's entity; the company keys pick the entity most mentions give; the entity
records hold every mention by entity with its record's position; tables written
in key ranges come out the same, in key order, however many ranges the budget asks for."""

from __future__ import annotations

import shutil
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from akrim.engines.backend import Backend, open_store
from akrim.pipelines.workbench.serving import (
    BYTES_PER_RECORD,
    SAMPLE_RECORDS,
    SEARCH_KEYS,
    build_serving_tables,
    key_ranges,
    parts_for,
    range_sql,
    resolved_edges_sql,
)

Pair = tuple[str, str, str, str, str, str]


@pytest.fixture(scope="module")
def backend(analysed_tiny_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Backend:
    store = tmp_path_factory.mktemp("serving") / "store"
    shutil.copytree(analysed_tiny_store, store)
    opened = open_store(store)
    build_serving_tables(opened)  # rebuilt over the copy: idempotent
    return opened


def _expected_adjacency(backend: Backend) -> dict[Pair, list[str]]:
    expected: dict[Pair, list[str]] = defaultdict(list)
    for src_kind, src, dst_kind, dst, kind, source_file, record_id in backend.rows(
        resolved_edges_sql()
    ):
        if src is None or dst is None:
            continue
        a, b = (str(src_kind), str(src)), (str(dst_kind), str(dst))
        directions = [(a, a)] if a == b else [(a, b), (b, a)]  # a node tied to itself: once
        for (node_kind, node), (other_kind, other) in directions:
            key = (node_kind, node, other_kind, other, str(kind), str(source_file))
            expected[key].append(str(record_id))
    return expected


def test_adjacency_holds_every_edge_both_ways_with_its_records(backend: Backend) -> None:
    expected = _expected_adjacency(backend)
    rows = backend.rows(
        "SELECT node_kind, node, other_kind, other, kind, source_file, records, sample "
        "FROM workbench.adjacency"
    )
    got = {tuple(str(v) for v in row[:6]): (int(str(row[6])), list(row[7])) for row in rows}
    assert len(got) == len(rows), "one row per node, neighbour, kind and source file"
    assert set(got) == set(expected)
    for key, records in expected.items():
        count, sample = got[key]  # type: ignore[index]
        assert count == len(records)
        assert sample == sorted(records)[:SAMPLE_RECORDS]
    assert any(len(r) > 1 for r in expected.values())


def test_adjacency_sample_positions_point_at_the_sampled_records(backend: Backend) -> None:
    rows = backend.rows(
        "SELECT source_file, sample, sample_rows FROM workbench.adjacency "
        "WHERE source_file = 'skatteetaten/a_melding.csv' LIMIT 50"
    )
    assert rows
    for _, sample, positions in rows:
        assert len(sample) == len(positions)  # type: ignore[arg-type]
        found = backend.rows(
            "SELECT rowid, record_id FROM facts.skatteetaten__a_melding "
            "WHERE rowid IN (SELECT unnest(?::BIGINT[]))",
            [list(positions)],  # type: ignore[call-overload]
        )
        by_position = {int(str(p)): str(r) for p, r in found}
        assert [by_position[int(str(p))] for p in positions] == list(sample)  # type: ignore[union-attr]


def test_search_keys_hold_each_mentions_identifiers_under_its_entity(backend: Backend) -> None:
    expected: set[tuple[str, str, str, str]] = set()
    for kind, key_kind, column in SEARCH_KEYS:
        for entity_id, key in backend.rows(
            f"SELECT i.entity_id, m.{column} FROM resolution.{kind}_mentions m "
            "JOIN resolution.identities i USING (source_file, record_id, role) "
            f"WHERE i.entity_kind = '{kind}'"
        ):
            if key:
                expected.add((kind, str(entity_id), key_kind, str(key)))
    got = backend.rows("SELECT entity_kind, entity_id, key_kind, key FROM workbench.search_keys")
    assert len(got) == len(set(got))
    assert {tuple(str(v) for v in row) for row in got} == expected


def test_company_keys_pick_the_entity_most_mentions_give(backend: Backend) -> None:
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for orgnr, entity_id in backend.rows(
        "SELECT m.orgnr, i.entity_id FROM resolution.company_mentions m "
        "JOIN resolution.identities i USING (source_file, record_id, role) "
        "WHERE m.orgnr IS NOT NULL AND i.entity_kind = 'company'"
    ):
        votes[str(orgnr)][str(entity_id)] += 1
    expected = {orgnr: min(c, key=lambda e: (-c[e], e)) for orgnr, c in votes.items()}
    got = {
        str(o): str(e)
        for o, e in backend.rows("SELECT orgnr, entity_id FROM workbench.company_keys")
    }
    assert got == expected


def test_entity_records_hold_every_mention_under_its_entity(backend: Backend) -> None:
    query = "SELECT entity_id, entity_kind, source_file, record_id, role FROM {} ORDER BY ALL"
    assert backend.rows(query.format("workbench.entity_records")) == backend.rows(
        query.format("resolution.identities")
    )


def test_entity_record_positions_point_at_their_records(backend: Backend) -> None:
    rows = backend.rows(
        "SELECT record_id, row_id FROM workbench.entity_records "
        "WHERE source_file = 'skatteetaten/a_melding.csv' LIMIT 200"
    )
    assert rows
    found = dict(
        backend.rows(
            "SELECT rowid, record_id FROM facts.skatteetaten__a_melding "
            "WHERE rowid IN (SELECT unnest(?::BIGINT[]))",
            [[int(str(p)) for _, p in rows]],
        )
    )
    assert all(found[p] == r for r, p in rows)


def _in_key_order(backend: Backend, table: str, key: str) -> bool:
    keys = [str(k) for (k,) in backend.rows(f"SELECT {key} FROM {table} ORDER BY rowid")]
    return keys == sorted(keys)


def test_tables_are_the_same_whatever_the_number_of_ranges(
    backend: Backend, analysed_tiny_store: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A budget small enough to cut every ranged table into several statements gives the
    same rows, still in key order, as one statement each."""
    store = tmp_path_factory.mktemp("ranged") / "store"
    shutil.copytree(analysed_tiny_store, store)
    ranged = open_store(store)
    identities = int(str(ranged.scalar("SELECT count(*) FROM resolution.identities")))
    budget = identities * BYTES_PER_RECORD // 5  # about five ranges of entity records
    assert parts_for(identities, budget, BYTES_PER_RECORD) >= 5
    build_serving_tables(ranged, budget)
    for table, key in (("entity_records", "entity_id"), ("adjacency", "node")):
        assert _in_key_order(ranged, f"workbench.{table}", key)
        assert _in_key_order(backend, f"workbench.{table}", key)
        query = f"SELECT * FROM workbench.{table} ORDER BY ALL"
        assert ranged.rows(query) == backend.rows(query), table


def test_key_ranges_cover_every_key_once(backend: Backend) -> None:
    source = "SELECT entity_id AS key FROM resolution.identities"
    ranges = key_ranges(backend, source, 4)
    assert len(ranges) == 4
    assert ranges[0][0] is None and ranges[-1][1] is None
    total = sum(
        int(str(backend.scalar(f"SELECT count(*) FROM ({source}) WHERE {range_sql('key', r)}")))
        for r in ranges
    )
    assert total == int(str(backend.scalar(f"SELECT count(*) FROM ({source})")))
    assert range_sql("key", ("O'Neil", None)) == "key >= 'O''Neil'"


def test_entity_links_list_each_link_under_the_entities_of_its_ends(backend: Backend) -> None:
    expected: set[tuple[object, ...]] = set()
    across = 0  # links whose ends stayed apart (e.g. rejected): listed under both entities
    for kind in ("person", "company"):
        first = dict(
            backend.rows(f"SELECT unique_id, first_mention FROM resolution.{kind}_profiles")
        )
        entity = dict(backend.rows(f"SELECT * FROM resolution.{kind}_profile_entities"))
        for left, right, *rest in backend.rows(f"SELECT * FROM resolution.{kind}_links"):
            ends = {entity[left], entity[right]}
            across += len(ends) == 2
            for end in ends:
                expected.add((end, kind, first[left], first[right], *rest))
    got = backend.rows("SELECT * FROM workbench.entity_links")
    assert len(got) == len(set(got)), "each link once per entity"
    assert set(got) == expected
    assert across
