"""Threat-actor grouping on igraph agrees with networkx on random graphs; large components are
split, small ones kept whole; group ids are stable."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from akrim.engines.network.grouping import (
    MAX_GROUP_SIZE,
    actor_id,
    candidate_groups,
    connected_groups,
)

node = st.integers(min_value=0, max_value=60).map(lambda i: f"9{i:08d}")
edges = st.lists(st.tuples(node, node), max_size=120)


@settings(max_examples=60, deadline=None)
@given(edges)
def test_components_agree_with_networkx(pairs: list[tuple[str, str]]) -> None:
    oracle = nx.Graph()
    oracle.add_edges_from(pairs)
    expected = sorted(sorted(c) for c in nx.connected_components(oracle))
    assert sorted(connected_groups(pairs)) == expected


@settings(max_examples=40, deadline=None)
@given(edges)
def test_candidate_groups_partition_components(pairs: list[tuple[str, str]]) -> None:
    groups = candidate_groups(pairs, min_size=1)
    members = [c for g in groups for c in g]
    assert len(members) == len(set(members))
    oracle = nx.Graph()
    oracle.add_edges_from(pairs)
    assert set(members) == set(oracle.nodes)
    component_of = {n: i for i, c in enumerate(nx.connected_components(oracle)) for n in c}
    for group in groups:
        assert len({component_of[c] for c in group}) == 1


def test_small_components_stay_whole_and_large_are_split() -> None:
    chain = [(f"a{i}", f"a{i + 1}") for i in range(4)]
    big_left = [(f"L{i}", f"L{j}") for i in range(20) for j in range(i + 1, 20)]
    big_right = [(f"R{i}", f"R{j}") for i in range(20) for j in range(i + 1, 20)]
    groups = candidate_groups([*chain, *big_left, *big_right, ("L0", "R0")])
    assert sorted(f"a{i}" for i in range(5)) in groups
    # Two dense blocks joined by one link are split apart; a dense block has no community
    # structure left and stays whole even above the size limit.
    assert sorted(f"L{i}" for i in range(20)) in groups
    assert sorted(f"R{i}" for i in range(20)) in groups
    assert len(groups) == 3 and MAX_GROUP_SIZE < 20


def test_actor_id_depends_only_on_members() -> None:
    assert actor_id(["b", "a"]) == actor_id(["a", "b"])
    assert actor_id(["a", "b"]) != actor_id(["a", "c"])
