"""Clustering of linked records into entities: strongest links first, never joining two
records an analyst has kept apart or two holders of different national ID numbers.

A plain connected-components pass lets one wrong link chain two people together; here each
cluster carries its "exclusive" attributes (a national ID number, the side of a rejected
pair) and a join that would give a cluster two different values of one is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Exclusive = Mapping[str, str]  # attribute -> value; a cluster holds at most one value of each


@dataclass(frozen=True, slots=True)
class Edge:
    left: int
    right: int
    strength: float  # higher first; analyst confirmations and identifier rules are infinite
    forced: bool = False  # an analyst's confirmation: joins even across exclusive values


@dataclass(frozen=True, slots=True)
class ClusterResult:
    cluster_of: list[int]  # node -> cluster root
    accepted: list[bool]  # per edge in the order given: did it join (or already agree)?
    refused: int


class _Forest:
    def __init__(self, exclusives: Sequence[Exclusive]) -> None:
        self.parent = list(range(len(exclusives)))
        self.size = [1] * len(exclusives)
        self.attrs: list[dict[str, str] | None] = [dict(e) if e else None for e in exclusives]

    def find(self, node: int) -> int:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def conflict(self, a: int, b: int) -> bool:
        attrs_a, attrs_b = self.attrs[a], self.attrs[b]
        if not attrs_a or not attrs_b:
            return False
        small, large = (attrs_a, attrs_b) if len(attrs_a) <= len(attrs_b) else (attrs_b, attrs_a)
        return any(k in large and large[k] != v for k, v in small.items())

    def union(self, a: int, b: int) -> None:
        if self.size[a] < self.size[b]:
            a, b = b, a
        self.parent[b] = a
        self.size[a] += self.size[b]
        attrs_b = self.attrs[b]
        if attrs_b:
            merged = self.attrs[a] or {}
            for k, v in attrs_b.items():
                merged.setdefault(k, v)
            self.attrs[a] = merged
        self.attrs[b] = None


def cluster(
    exclusives: Sequence[Exclusive],
    edges: Sequence[Edge],
    apart: Iterable[tuple[int, int]] = (),
) -> ClusterResult:
    """Cluster nodes ``0..n-1`` (``exclusives[i]`` are node i's exclusive attributes).

    ``apart`` lists pairs that must end in different clusters (an analyst's rejection).
    """
    marked = [dict(e) for e in exclusives]
    for i, (a, b) in enumerate(apart):
        marked[a][f"apart:{i}"] = "a"
        marked[b][f"apart:{i}"] = "b"
    forest = _Forest(marked)
    order = sorted(range(len(edges)), key=lambda i: (not edges[i].forced, -edges[i].strength))
    accepted = [False] * len(edges)
    refused = 0
    for i in order:
        edge = edges[i]
        ra, rb = forest.find(edge.left), forest.find(edge.right)
        if ra == rb:
            accepted[i] = True
            continue
        if forest.conflict(ra, rb) and not (edge.forced and not _apart_conflict(forest, ra, rb)):
            refused += 1
            continue
        forest.union(ra, rb)
        accepted[i] = True
    return ClusterResult([forest.find(n) for n in range(len(exclusives))], accepted, refused)


def _apart_conflict(forest: _Forest, a: int, b: int) -> bool:
    attrs_a, attrs_b = forest.attrs[a] or {}, forest.attrs[b] or {}
    return any(
        k.startswith("apart:") and k in attrs_b and attrs_b[k] != v for k, v in attrs_a.items()
    )
