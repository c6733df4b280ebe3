"""Clustering and stable ids: invariants checked on random graphs (networkx as the oracle)."""

from __future__ import annotations

from array import array
from collections.abc import Sequence

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from akrim.engines.resolution.clustering import NO_VALUE, ClusterResult, cluster
from akrim.engines.resolution.entity_ids import assign_ids, derived_id

N = 12
EDGES = st.lists(
    st.tuples(st.integers(0, N - 1), st.integers(0, N - 1), st.floats(0, 50)), max_size=30
)
IDS = st.lists(st.sampled_from([None, "A", "B", "C"]), min_size=N, max_size=N)


def _codes(ids: Sequence[str | None]) -> list[int]:
    """Exclusive values as the clustering takes them: a positive code per distinct value."""
    distinct = sorted({i for i in ids if i})
    return [distinct.index(i) + 1 if i else NO_VALUE for i in ids]


def _run(
    exclusive: Sequence[int],
    edges: Sequence[tuple[int, int, float]],
    forced: Sequence[tuple[int, int]] = (),
    apart: Sequence[tuple[int, int]] = (),
) -> ClusterResult:
    """Edges strongest first (as the stage sorts them), forced ones before all others."""
    ordered = [(a, b, True) for a, b in forced] + [
        (a, b, False) for a, b, _ in sorted(edges, key=lambda e: -e[2])
    ]
    return cluster(
        exclusive,
        array("q", [a for a, _, _ in ordered]),
        array("q", [b for _, b, _ in ordered]),
        bytes(int(f) for _, _, f in ordered),
        apart,
    )


def _groups(cluster_of: Sequence[int]) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for node, root in enumerate(cluster_of):
        groups.setdefault(root, set()).add(node)
    return {frozenset(g) for g in groups.values()}


@given(EDGES)
def test_without_constraints_clusters_are_connected_components(edges: list) -> None:
    result = _run([NO_VALUE] * N, edges)
    graph = nx.Graph()
    graph.add_nodes_from(range(N))
    graph.add_edges_from((a, b) for a, b, _ in edges)
    assert _groups(result.cluster_of) == {frozenset(c) for c in nx.connected_components(graph)}
    assert result.refused == 0


@given(EDGES, IDS)
def test_no_cluster_holds_two_national_ids(edges: list, ids: list) -> None:
    result = _run(_codes(ids), edges)
    for group in _groups(result.cluster_of):
        assert len({ids[n] for n in group if ids[n]}) <= 1


@given(EDGES, st.tuples(st.integers(0, N - 1), st.integers(0, N - 1)))
def test_a_rejected_pair_always_ends_apart(edges: list, pair: tuple[int, int]) -> None:
    a, b = pair
    if a == b:
        return
    result = _run([NO_VALUE] * N, edges, forced=[pair], apart=[pair])
    assert result.cluster_of[a] != result.cluster_of[b]


def test_a_confirmation_joins_across_different_ids() -> None:
    result = _run(_codes(["A", "B"]), [], forced=[(0, 1)])
    assert result.cluster_of[0] == result.cluster_of[1]


def test_stronger_links_win_over_weaker_ones() -> None:
    # 1 and 2 hold different national IDs; 0 is closer to 2, so it goes there
    result = _run(_codes([None, "A", "B"]), [(0, 1, 5.0), (0, 2, 9.0)])
    assert result.cluster_of[0] == result.cluster_of[2] != result.cluster_of[1]
    assert list(result.accepted) == [1, 0]  # in the order given: 0-2 first, then 0-1
    assert result.refused == 1


def test_ids_follow_the_largest_overlap_and_are_never_shared() -> None:
    anchors = {0: "0:a", 1: "0:b", 2: "3:c"}
    # cluster 0 and 1 both come from old entity P-x (a split): the larger part keeps it
    ids = assign_ids("P", anchors, [(0, "P-x", 5), (1, "P-x", 2), (2, "P-y", 1)])
    assert ids[0] == "P-x" and ids[2] == "P-y"
    assert ids[1] == derived_id("P", "0:b")
    assert len(set(ids.values())) == 3


@given(st.dictionaries(st.integers(0, 20), st.text(min_size=1, max_size=5), max_size=15))
def test_new_ids_are_unique_and_deterministic(anchors: dict[int, str]) -> None:
    ids = assign_ids("C", anchors, [])
    assert len(set(ids.values())) == len(anchors)
    assert ids == assign_ids("C", dict(reversed(list(anchors.items()))), [])
