"""Clustering of linked records into entities: strongest links first, never joining two
records an analyst has kept apart or two holders of different national ID numbers.

A plain connected-components pass lets one wrong link chain two people together; here each
cluster carries its "exclusive" value (a national ID number, coded as a positive integer)
and the sides of rejected pairs, and a join that would give a cluster two different values
of either is refused.

Nodes, edges and results live in flat integer arrays (8 bytes a node or an edge): at
national scale (millions of profiles, ten million links) Python objects per node would cost
gigabytes.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

NO_VALUE = 0  # a node without an exclusive value


@dataclass(frozen=True, slots=True)
class ClusterResult:
    cluster_of: array[int]  # node -> cluster root
    accepted: bytearray  # per edge in the order given: 1 if it joined (or already agreed)
    refused: int


class _Forest:
    """Union-find with, per root, its exclusive value and its sides of rejected pairs."""

    def __init__(self, exclusive: Sequence[int], apart: Iterable[tuple[int, int]]) -> None:
        n = len(exclusive)
        self.parent = array("q", range(n))
        self.size = array("q", bytes(8 * n))
        self.value = array("q", exclusive)
        self.sides: dict[int, dict[int, int]] = {}  # root -> rejected pair no -> side 0/1
        for i, (a, b) in enumerate(apart):
            self.sides.setdefault(a, {})[i] = 0
            self.sides.setdefault(b, {})[i] = 1

    def find(self, node: int) -> int:
        parent = self.parent
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    def value_conflict(self, a: int, b: int) -> bool:
        va, vb = self.value[a], self.value[b]
        return va != NO_VALUE and vb != NO_VALUE and va != vb

    def apart_conflict(self, a: int, b: int) -> bool:
        sides_a, sides_b = self.sides.get(a), self.sides.get(b)
        if not sides_a or not sides_b:
            return False
        return any(k in sides_b and sides_b[k] != v for k, v in sides_a.items())

    def union(self, a: int, b: int) -> None:
        if self.size[a] < self.size[b]:
            a, b = b, a
        self.parent[b] = a
        self.size[a] += self.size[b] + 1  # sizes are stored minus one (zero-filled start)
        if self.value[a] == NO_VALUE:
            self.value[a] = self.value[b]
        sides_b = self.sides.pop(b, None)
        if sides_b:
            merged = self.sides.setdefault(a, {})
            for k, v in sides_b.items():
                merged.setdefault(k, v)


def cluster(
    exclusive: Sequence[int],
    left: Sequence[int],
    right: Sequence[int],
    forced: Sequence[int] | bytes,
    apart: Iterable[tuple[int, int]] = (),
) -> ClusterResult:
    """Cluster nodes ``0..n-1`` along edges given strongest first.

    ``exclusive[i]``: node i's exclusive value (``NO_VALUE`` for none). Edge k joins
    ``left[k]`` and ``right[k]``; a forced edge (an analyst's confirmation) joins even
    across exclusive values, but never across a rejected pair. ``apart`` lists pairs that
    must end in different clusters (an analyst's rejection).
    """
    forest = _Forest(exclusive, apart)
    accepted = bytearray(len(left))
    refused = 0
    find = forest.find
    for i in range(len(left)):
        ra, rb = find(left[i]), find(right[i])
        if ra == rb:
            accepted[i] = 1
            continue
        if forest.apart_conflict(ra, rb) or (not forced[i] and forest.value_conflict(ra, rb)):
            refused += 1
            continue
        forest.union(ra, rb)
        accepted[i] = 1
    roots = array("q", (find(n) for n in range(len(exclusive))))
    return ClusterResult(roots, accepted, refused)
