"""Clustering and stable ids: invariants checked on random graphs (networkx as the oracle)."""

from __future__ import annotations

import math

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from akrim.engines.resolution.clustering import Edge, cluster
from akrim.engines.resolution.entity_ids import assign_ids, derived_id

N = 12
EDGES = st.lists(
    st.tuples(st.integers(0, N - 1), st.integers(0, N - 1), st.floats(0, 50)), max_size=30
)
IDS = st.lists(st.sampled_from([None, "A", "B", "C"]), min_size=N, max_size=N)


def _groups(cluster_of: list[int]) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for node, root in enumerate(cluster_of):
        groups.setdefault(root, set()).add(node)
    return {frozenset(g) for g in groups.values()}


@given(EDGES)
def test_without_constraints_clusters_are_connected_components(edges: list) -> None:
    result = cluster([{}] * N, [Edge(a, b, w) for a, b, w in edges])
    graph = nx.Graph()
    graph.add_nodes_from(range(N))
    graph.add_edges_from((a, b) for a, b, _ in edges)
    assert _groups(result.cluster_of) == {frozenset(c) for c in nx.connected_components(graph)}
    assert result.refused == 0


@given(EDGES, IDS)
def test_no_cluster_holds_two_national_ids(edges: list, ids: list) -> None:
    exclusives = [{"national ID": i} if i else {} for i in ids]
    result = cluster(exclusives, [Edge(a, b, w) for a, b, w in edges])
    for group in _groups(result.cluster_of):
        assert len({ids[n] for n in group if ids[n]}) <= 1


@given(EDGES, st.tuples(st.integers(0, N - 1), st.integers(0, N - 1)))
def test_a_rejected_pair_always_ends_apart(edges: list, pair: tuple[int, int]) -> None:
    a, b = pair
    if a == b:
        return
    forced = [Edge(a, b, math.inf, forced=True)]
    result = cluster([{}] * N, [*forced, *(Edge(x, y, w) for x, y, w in edges)], apart=[pair])
    assert result.cluster_of[a] != result.cluster_of[b]


def test_a_confirmation_joins_across_different_ids() -> None:
    result = cluster([{"id": "A"}, {"id": "B"}], [Edge(0, 1, math.inf, forced=True)])
    assert result.cluster_of[0] == result.cluster_of[1]


def test_stronger_links_win_over_weaker_ones() -> None:
    # 1 and 2 hold different national IDs; 0 is closer to 2, so it goes there
    exclusives = [{}, {"id": "A"}, {"id": "B"}]
    result = cluster(exclusives, [Edge(0, 1, 5.0), Edge(0, 2, 9.0)])
    assert result.cluster_of[0] == result.cluster_of[2] != result.cluster_of[1]
    assert result.accepted == [False, True]


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
