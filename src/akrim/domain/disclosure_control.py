"""Disclosure control for strategic mode: which cells of a count table may be released.

A table counts contributors (persons or companies) per row × column, with row, column and
grand totals. Before release:

1. *Primary suppression*: every cell or total with 1 to k-1 contributors is withheld.
2. *Secondary suppression*: more cells are withheld until no withheld primary cell can be
   computed from the released cells and totals. With all withheld values positive, a cell is
   computable exactly when it is a bridge in the graph whose nodes are rows, columns and the
   two margins and whose edges are the withheld cells; complements are the smallest positive
   cells that close a cycle through it.
3. *Differencing*: the cells already published (the release register) and the new table's
   published cells are split into atoms, groups of contributors that belong to the same
   published cells. An atom, or a withheld cell of any release, with 1 to k-1 contributors
   whose count follows from the published counts by linear algebra (exact elimination
   modulo two large primes) is a disclosure; the new table withholds the smallest cell that contains
   it (or, if none does, the smallest whose absence prevents it) and suppression runs again.

Zero cells are released: they describe no one. Contributor identities never leave the
caller; the register may hold keyed hashes of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

DEFAULT_K = 5
TOTAL = "*"  # the label of a margin: (row, "*") is a row total, ("*", "*") the grand total

CellKey = tuple[str, str]


class TableRefused(ValueError):
    """The table cannot be released safely; coarsen it (fewer rows or columns)."""


@dataclass(frozen=True, slots=True)
class CountTable:
    """Contributors per interior cell; totals are the unions along rows and columns."""

    name: str
    rows: tuple[str, ...]
    cols: tuple[str, ...]
    contributors: Mapping[CellKey, frozenset[str]]

    def __post_init__(self) -> None:
        labels = [*self.rows, *self.cols]
        if (
            TOTAL in labels
            or len(set(self.rows)) != len(self.rows)
            or len(set(self.cols)) != len(self.cols)
        ):
            raise ValueError(f"table {self.name}: labels must be unique and not {TOTAL!r}")
        seen: set[str] = set()
        for (r, c), who in self.contributors.items():
            if r not in self.rows or c not in self.cols:
                raise ValueError(f"table {self.name}: cell ({r}, {c}) is outside the table")
            if seen & who:
                raise ValueError(f"table {self.name}: a contributor is counted in two cells")
            seen |= who

    def all_cells(self) -> dict[CellKey, frozenset[str]]:
        """Interior cells, row totals, column totals and the grand total."""
        cells = {
            (r, c): self.contributors.get((r, c), frozenset()) for r in self.rows for c in self.cols
        }
        for r in self.rows:
            cells[(r, TOTAL)] = frozenset().union(*(cells[(r, c)] for c in self.cols))
        for c in self.cols:
            cells[(TOTAL, c)] = frozenset().union(*(cells[(r, c)] for r in self.rows))
        cells[(TOTAL, TOTAL)] = frozenset().union(*(cells[(r, TOTAL)] for r in self.rows))
        return cells


@dataclass(frozen=True, slots=True)
class ReleasedCell:
    """A cell of an earlier release: its table, key, contributors (or their hashes), and
    whether it was published or withheld (withheld cells must stay underivable)."""

    table: str
    key: CellKey
    contributors: frozenset[str]
    published: bool = True


@dataclass(frozen=True, slots=True)
class Release:
    """What may be published: counts, with None where a cell or total is withheld."""

    name: str
    rows: tuple[str, ...]
    cols: tuple[str, ...]
    k: int
    values: Mapping[CellKey, int | None]
    primary: frozenset[CellKey]
    secondary: frozenset[CellKey]

    def released(self) -> dict[CellKey, int]:
        return {key: v for key, v in self.values.items() if v is not None}

    @property
    def suppressed(self) -> frozenset[CellKey]:
        return self.primary | self.secondary


def protect(
    table: CountTable, *, k: int = DEFAULT_K, register: Sequence[ReleasedCell] = ()
) -> Release:
    """Suppress cells of ``table`` so that no group under ``k`` can be counted (see module)."""
    if k < 2:
        raise ValueError("k must be at least 2")
    cells = table.all_cells()
    if 0 < len(cells[(TOTAL, TOTAL)]) < k:
        raise TableRefused(f"table {table.name}: fewer than {k} contributors in total")
    primary = {key for key, who in cells.items() if 0 < len(who) < k}
    secondary: set[CellKey] = set()
    for _ in range(len(cells) + 1):
        secondary |= _secondary_suppression(table, cells, primary, secondary)
        leaks = _differencing_leaks(table.name, cells, primary | secondary, register, k)
        if not leaks:
            break
        primary |= leaks
    else:  # pragma: no cover - each round withholds one more cell, so it ends
        raise TableRefused(f"table {table.name}: suppression did not settle")
    values = {key: (None if key in primary | secondary else len(who)) for key, who in cells.items()}
    return Release(
        table.name, table.rows, table.cols, k, values, frozenset(primary), frozenset(secondary)
    )


def register_entries(table: CountTable, release: Release) -> list[ReleasedCell]:
    """What the register keeps of a release: every cell, published or withheld."""
    return [
        ReleasedCell(table.name, key, who, release.values[key] is not None)
        for key, who in table.all_cells().items()
        if who
    ]


# --- secondary suppression: the table as a graph --------------------------------------------

_ROW_MARGIN = ("margin", "rows")
_COL_MARGIN = ("margin", "cols")
Node = tuple[str, str]


def _edge(key: CellKey) -> tuple[Node, Node]:
    """The two nodes a cell joins: row-column, margin-row, column-margin."""
    r, c = key
    if r == TOTAL == c:
        return (_ROW_MARGIN, _COL_MARGIN)
    if c == TOTAL:
        return (_ROW_MARGIN, ("row", r))
    if r == TOTAL:
        return (("col", c), _COL_MARGIN)
    return (("row", r), ("col", c))


def _secondary_suppression(
    table: CountTable,
    cells: Mapping[CellKey, frozenset[str]],
    primary: set[CellKey],
    secondary: set[CellKey],
) -> set[CellKey]:
    """Add complements until no primary cell is a bridge among the withheld cells."""
    added: set[CellKey] = set()
    while True:
        withheld = primary | secondary | added
        exposed = sorted(primary & _bridges(withheld))
        if not exposed:
            return added
        complement = _choose_complement(exposed[0], withheld, cells)
        if complement is None:
            raise TableRefused(
                f"table {table.name}: cell {exposed[0]} cannot be protected; coarsen the table"
            )
        added.add(complement)


def _choose_complement(
    exposed: CellKey, withheld: set[CellKey], cells: Mapping[CellKey, frozenset[str]]
) -> CellKey | None:
    """Prefer a cell closing a cycle through ``exposed``; else one extending its reach."""
    others = withheld - {exposed}
    u, v = _edge(exposed)
    reach_u, reach_v = _component(u, others), _component(v, others)
    candidates = [key for key, who in cells.items() if key not in withheld and len(who) > 0]

    def closes(key: CellKey) -> bool:
        a, b = _edge(key)
        return (a in reach_u and b in reach_v) or (a in reach_v and b in reach_u)

    def touches(key: CellKey) -> bool:
        a, b = _edge(key)
        return bool({a, b} & (reach_u | reach_v))

    for wanted in (closes, touches):
        pool = [key for key in candidates if wanted(key)]
        if pool:
            return min(pool, key=lambda key: (len(cells[key]), key))
    return None


def _component(start: Node, edges: Iterable[CellKey]) -> set[Node]:
    adjacency: dict[Node, set[Node]] = defaultdict(set)
    for key in edges:
        a, b = _edge(key)
        adjacency[a].add(b)
        adjacency[b].add(a)
    seen, todo = {start}, [start]
    while todo:
        for nxt in adjacency[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return seen


def _bridges(edges: set[CellKey]) -> set[CellKey]:
    """Withheld cells that lie on no cycle of withheld cells (so their value follows)."""
    return {key for key in edges if _edge(key)[1] not in _component(_edge(key)[0], edges - {key})}


# --- differencing: atoms over everything released ---------------------------------------------


def _differencing_leaks(
    name: str,
    cells: Mapping[CellKey, frozenset[str]],
    withheld: set[CellKey],
    register: Sequence[ReleasedCell],
    k: int,
) -> set[CellKey]:
    """Published cells of the new table to withhold because of new small groups.

    Small groups are the atoms and every withheld cell (of this table or an earlier one) with
    1..k-1 contributors; a leak is one whose count follows from the published counts now but
    did not before this table. One cell is withheld per leak, then suppression runs again."""
    new = [ReleasedCell(name, key, who) for key, who in cells.items() if key not in withheld]
    related = _connected(register, _everyone(new))
    published = [c.contributors for c in related if c.published]
    targets = [c.contributors for c in related if not c.published]
    targets += [who for key, who in cells.items() if key in withheld]
    before = derivable_small_groups(published, k, targets)
    after = derivable_small_groups([*published, *(c.contributors for c in new)], k, targets)
    chosen: set[CellKey] = set()
    for group in sorted(after - before, key=lambda g: (len(g), sorted(g))):
        holders = [c for c in new if c.contributors & group and c.key[0] != TOTAL != c.key[1]]
        holders = holders or [c for c in new if c.contributors & group]
        if holders:
            chosen.add(min(holders, key=lambda c: (len(c.contributors), c.key)).key)
        else:
            chosen.add(_breaking_cell(new, published, group, k))
    return chosen


def _everyone(cells: Iterable[ReleasedCell]) -> frozenset[str]:
    return frozenset().union(*(c.contributors for c in cells))


def _breaking_cell(
    new: list[ReleasedCell], published: list[frozenset[str]], group: frozenset[str], k: int
) -> CellKey:
    """The group lies outside the new table's published cells (an earlier withheld cell, or
    people who left): find one way to compute it from the published counts and withhold
    the smallest new cell that way uses."""
    cells = [*published, *(c.contributors for c in new)]
    atoms = _atoms(cells)
    vector = _indicator(group, atoms)
    used: set[int] = set()
    if vector is not None:
        for prime in _PRIMES:
            used |= _combination(cells, atoms, vector, prime)
    takers = [c for i, c in enumerate(new, start=len(published)) if i in used]
    pool = takers or new
    return min(pool, key=lambda c: (len(c.contributors), c.key)).key


def _combination(
    cells: list[frozenset[str]], atoms: list[frozenset[str]], vector: list[int], prime: int
) -> set[int]:
    """Indices of the cells a combination summing to ``vector`` uses (empty if none)."""
    transposed = [[1 if a <= cell else 0 for cell in cells] for a in atoms]
    augmented = np.array(
        [[*row, value] for row, value in zip(transposed, vector, strict=True)], dtype=np.int64
    )
    rows, pivots = _row_echelon(augmented, prime)
    if pivots and pivots[-1] == len(cells):
        return set()  # inconsistent: the group is not a combination of the cells
    return {col for row, col in zip(rows, pivots, strict=True) if row[-1] != 0}


def _connected(register: Sequence[ReleasedCell], start: frozenset[str]) -> list[ReleasedCell]:
    """Register cells linked to ``start`` through shared contributors, at any distance: a
    chain of overlapping cells can carry a difference as well as one cell can."""
    reached, chosen, remaining = set(start), [], list(register)
    grew = True
    while grew:
        grew = False
        for cell in [c for c in remaining if c.contributors & reached]:
            chosen.append(cell)
            remaining.remove(cell)
            reached |= cell.contributors
            grew = True
    return chosen


def derivable_small_groups(
    cells: Sequence[frozenset[str]], k: int, targets: Iterable[frozenset[str]] = ()
) -> set[frozenset[str]]:
    """Groups of 1..k-1 contributors (atoms of ``cells`` and ``targets``) whose count follows
    exactly from the counts of ``cells``: their indicator lies in the row space of the
    cell-by-atom incidence matrix."""
    atoms = _atoms(cells)
    candidates = [g for g in [*atoms, *targets] if 0 < len(g) < k]
    vectors = [(g, _indicator(g, atoms)) for g in candidates]
    expressible = [(g, v) for g, v in vectors if v is not None]
    if not expressible or not cells:
        return set()
    incidence = np.array([[a <= cell for a in atoms] for cell in cells], dtype=np.int64)
    stacked = np.array([v for _, v in expressible], dtype=np.int64)
    inside = np.zeros(len(expressible), dtype=bool)
    for prime in _PRIMES:
        inside |= _in_row_space(_row_echelon(incidence, prime), stacked, prime)
    return {g for (g, _), yes in zip(expressible, inside, strict=True) if yes}


def _indicator(group: frozenset[str], atoms: list[frozenset[str]]) -> list[int] | None:
    """The group as a sum of atoms, or None when it cuts an atom or holds unseen members
    (then its count is not a function of the published counts)."""
    vector, covered = [], 0
    for atom in atoms:
        inside = len(atom & group)
        if 0 < inside < len(atom):
            return None
        vector.append(1 if inside else 0)
        covered += inside
    return vector if covered == len(group) else None


def _atoms(cells: Sequence[frozenset[str]]) -> list[frozenset[str]]:
    """Contributors grouped by the set of cells they appear in."""
    signature: dict[str, list[int]] = defaultdict(list)
    for index, cell in enumerate(cells):
        for who in cell:
            signature[who].append(index)
    groups: dict[tuple[int, ...], set[str]] = defaultdict(set)
    for who, where in signature.items():
        groups[tuple(where)].add(who)
    return [frozenset(g) for _, g in sorted(groups.items())]


# Exact elimination modulo two 31-bit primes (products fit in int64). Over a prime field
# a rank can only drop, and only if the prime divides a minor; a group counts as derivable
# if either prime says so, so a miss needs both primes to divide the same minors.
_PRIMES = (2_147_483_629, 2_147_483_587)


def _row_echelon(matrix: NDArray[np.int64], prime: int) -> tuple[NDArray[np.int64], list[int]]:
    """Reduced row echelon form over the integers modulo ``prime``: rows and pivot columns."""
    rows = matrix % prime
    pivots: list[int] = []
    rank = 0
    for col in range(rows.shape[1]):
        if rank == rows.shape[0]:
            break
        nonzero = np.flatnonzero(rows[rank:, col])
        if nonzero.size == 0:
            continue
        rows[[rank, rank + nonzero[0]]] = rows[[rank + nonzero[0], rank]]
        rows[rank] = rows[rank] * pow(int(rows[rank, col]), prime - 2, prime) % prime
        factors = rows[:, col].copy()
        factors[rank] = 0
        hit = np.flatnonzero(factors)
        rows[hit] = (rows[hit] - factors[hit, None] * rows[rank] % prime) % prime
        pivots.append(col)
        rank += 1
    return rows[:rank], pivots


def _in_row_space(
    echelon: tuple[NDArray[np.int64], list[int]], vectors: NDArray[np.int64], prime: int
) -> NDArray[np.bool_]:
    basis, pivots = echelon
    rest = vectors % prime
    for row, col in zip(basis, pivots, strict=True):
        factors = rest[:, col].copy()
        hit = np.flatnonzero(factors)
        rest[hit] = (rest[hit] - factors[hit, None] * row % prime) % prime
    result: NDArray[np.bool_] = np.asarray(~rest.any(axis=1), dtype=np.bool_)
    return result
