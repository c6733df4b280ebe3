"""Threat-actor candidate groups: companies tied by grouping links (shared controllers, unit
roles, worker moves, contracts, payments, successions), found as connected components on
igraph; components too large to be one actor are split into communities (Leiden)."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Sequence

import igraph as ig

# Above this size a component is a market, not an actor: split it into communities.
MAX_GROUP_SIZE = 15
LEIDEN_ITERATIONS = 2  # runs to convergence can take minutes at national scale
LEIDEN_SEED = 20261128


def _graph(pairs: Sequence[tuple[str, str]]) -> tuple[ig.Graph, list[str]]:
    names = sorted({n for pair in pairs for n in pair})
    index = {n: i for i, n in enumerate(names)}
    graph = ig.Graph(n=len(names), edges=[(index[a], index[b]) for a, b in pairs])
    graph.simplify(multiple=True, loops=True)
    return graph, names


def connected_groups(pairs: Sequence[tuple[str, str]]) -> list[list[str]]:
    """Connected components of the company graph, each sorted, largest first."""
    graph, names = _graph(pairs)
    groups = [sorted(names[i] for i in members) for members in graph.connected_components()]
    return sorted(groups, key=lambda g: (-len(g), g))


def _split(graph: ig.Graph, members: list[int]) -> list[list[int]]:
    """Communities of ``members`` until none is above MAX_GROUP_SIZE."""
    sub = graph.subgraph(members)
    random.seed(LEIDEN_SEED)  # igraph's community detection uses Python's generator
    parts = sub.community_leiden(objective_function="modularity", n_iterations=LEIDEN_ITERATIONS)
    if len(parts) <= 1:  # no community structure left: a dense block stays whole
        return [members]
    result: list[list[int]] = []
    for part in parts:
        nodes = [members[v] for v in part]
        result += _split(graph, nodes) if len(nodes) > MAX_GROUP_SIZE else [nodes]
    return result


def candidate_groups(pairs: Sequence[tuple[str, str]], min_size: int = 2) -> list[list[str]]:
    """Groups of at least ``min_size`` companies; components above MAX_GROUP_SIZE are split."""
    graph, names = _graph(pairs)
    result: list[list[str]] = []
    for component in graph.connected_components():
        members = list(component)
        parts = _split(graph, members) if len(members) > MAX_GROUP_SIZE else [members]
        result += [sorted(names[i] for i in p) for p in parts if len(p) >= min_size]
    return sorted(result, key=lambda g: (-len(g), g))


def actor_id(members: Iterable[str]) -> str:
    """A stable id for a group: the same companies give the same id on every run."""
    digest = hashlib.sha1(" ".join(sorted(members)).encode()).hexdigest()
    return f"TA-{digest[:10]}"
