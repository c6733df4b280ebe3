"""Stable ids for resolved entities: a cluster keeps the id of the previous run's entity it
shares most mentions with; a new cluster gets an id derived from its strongest member key.

So a person keeps their id when a new delivery adds records, and only a real change of
evidence (a split or a merge) gives a new one to the part that lost the overlap.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping


def derived_id(kind_prefix: str, anchor: str) -> str:
    """An id from a member key, e.g. ``P-3f2a…`` for the person anchored on a national ID."""
    digest = hashlib.sha1(anchor.encode("utf-8")).hexdigest()[:12]
    return f"{kind_prefix}-{digest}"


def inherit_ids(
    anchors: Mapping[int, str], overlaps: Iterable[tuple[int, str, int]]
) -> dict[int, str]:
    """The clusters that keep a previous id: each previous id goes to the one cluster
    sharing most mentions with it (ties: the cluster with the smaller anchor), and each
    cluster takes at most one previous id."""
    ranked = sorted(overlaps, key=lambda o: (-o[2], anchors.get(o[0], ""), o[1]))
    ids: dict[int, str] = {}
    taken: set[str] = set()
    for cluster_no, previous, _ in ranked:
        if cluster_no in ids or previous in taken or cluster_no not in anchors:
            continue
        ids[cluster_no] = previous
        taken.add(previous)
    return ids


def assign_ids(
    kind_prefix: str,
    anchors: Mapping[int, str],
    overlaps: Iterable[tuple[int, str, int]],
) -> dict[int, str]:
    """Entity id per cluster.

    ``anchors``: cluster -> its strongest member key (an id is derived from it when the
    cluster inherits none). ``overlaps``: (cluster, previous entity id, shared mentions).
    The resolution stage does the same in SQL over millions of clusters; this is the
    reference it follows.
    """
    ids = inherit_ids(anchors, overlaps)
    taken = set(ids.values())
    for cluster_no, anchor in sorted(anchors.items(), key=lambda a: (a[1], a[0])):
        if cluster_no not in ids:
            new = derived_id(kind_prefix, anchor)
            while new in taken:  # a split part whose anchor id a sibling already holds
                new = derived_id(kind_prefix, new)
            ids[cluster_no] = new
            taken.add(new)
    return ids
