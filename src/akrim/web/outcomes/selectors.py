"""Reads for the results dashboard: the figures the centres report (from the results of case
measures), per centre, agency and reporting year, and who sees which.

A centre's users see their own centre's figures in full, per agency. Users without a centre
(national) see every centre's figures and the national totals, but as a table of centres by
years released through disclosure control: a cell built on fewer than k cases (and the cells
that would let one compute it from the totals) is withheld, so a centre-year with one case does
not show what one enterprise was fined. The contributors counted are cases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from akrim.domain.disclosure_control import TOTAL, CountTable, Release, TableRefused, protect
from akrim.web.accounts.models import User
from akrim.web.cases.models import MeasureResult
from akrim.web.sharing.policy import require

# The seed report's figures first, then the rest of what a result records.
FIGURES: tuple[tuple[str, Promise], ...] = (
    ("fines_amount", _("Fines (NOK)")),
    ("wrongful_benefits_amount", _("Wrongful financial support identified (NOK)")),
    ("police_reports", _("Cases reported to police")),
    ("enterprises_rectified", _("Enterprises that implemented measures")),
    ("employees_affected", _("Employees of those enterprises")),
    ("inspections", _("Inspections")),
    ("fines", _("Fines imposed")),
    ("orders", _("Orders")),
    ("stop_orders", _("Stop orders")),
    ("tax_claims_amount", _("Tax claims (NOK)")),
    ("assets_seized_amount", _("Assets seized (NOK)")),
    ("workers_informed", _("Workers informed")),
)
FIGURE_NAMES = tuple(name for name, _ in FIGURES)
NATIONAL = "*"  # the national total's label in tables


@dataclass
class Cell:
    """Summed figures of the results in one group, and the cases they come from."""

    cases: set[int] = field(default_factory=set)
    figures: dict[str, Decimal] = field(
        default_factory=lambda: {name: Decimal(0) for name in FIGURE_NAMES}
    )

    def add(self, result: MeasureResult, case_id: int) -> None:
        self.cases.add(case_id)
        for name in FIGURE_NAMES:
            self.figures[name] += Decimal(getattr(result, name))


@dataclass(frozen=True)
class FigureRow:
    """One line of the dashboard: a label (year, agency or centre) and its figures, or None
    where disclosure control withheld it."""

    label: str
    cases: int | None
    figures: dict[str, Decimal] | None


@dataclass(frozen=True)
class Dashboard:
    scope: str  # the centre, or "national"
    controlled: bool  # figures released through disclosure control
    years: tuple[int, ...]
    by_year: tuple[FigureRow, ...]  # the scope's totals per year (the trend)
    breakdown_title: str  # "agency" for a centre, "centre" for the national view
    breakdown: dict[int, tuple[FigureRow, ...]]  # per year
    refused: str = ""  # why nothing could be released
    k: int = 0
    withheld: int = 0


def may_read_results(user: User) -> None:
    require(user.actor(), "results.read")


def _results(agency: str) -> Iterable[MeasureResult]:
    results = MeasureResult.objects.select_related("measure")
    return results.filter(agency=agency) if agency else results


Key = tuple[str, str, int]  # centre, agency, reporting year
K = TypeVar("K")


def result_cells(*, centre: str | None, agency: str) -> dict[Key, Cell]:
    """Results summed per centre, agency and year, among ``centre`` (None: all), ``agency``."""
    cells: dict[Key, Cell] = defaultdict(Cell)
    for result in _results(agency):
        if centre is not None and result.centre != centre:
            continue
        key = (result.centre, result.agency, int(result.reporting_year))
        cells[key].add(result, result.measure.case_id)
    return dict(cells)


def merged(cells: dict[Key, Cell], by: Callable[[Key], K]) -> dict[K, Cell]:
    groups: dict[K, list[Cell]] = defaultdict(list)
    for key, cell in cells.items():
        groups[by(key)].append(cell)
    return {key: _sum(group) for key, group in groups.items()}


def _row(label: object, cell: Cell | None) -> FigureRow:
    if cell is None:
        return FigureRow(str(label), 0, {name: Decimal(0) for name in FIGURE_NAMES})
    return FigureRow(str(label), len(cell.cases), dict(cell.figures))


def centre_dashboard(*, centre: str, agency: str = "") -> Dashboard:
    """A centre's own figures, per year and per agency, in full."""
    cells = result_cells(centre=centre, agency=agency)
    by_year = merged(cells, lambda k: k[2])
    by_agency = merged(cells, lambda k: (k[2], k[1]))
    years = tuple(sorted(by_year))
    breakdown = {
        year: tuple(_row(a, c) for (y, a), c in sorted(by_agency.items()) if y == year)
        for year in years
    }
    return Dashboard(
        scope=centre,
        controlled=False,
        years=years,
        by_year=tuple(_row(y, by_year.get(y)) for y in years),
        breakdown_title="agency",
        breakdown=breakdown,
    )


def _protected(cells: dict[tuple[str, int], Cell], k: int) -> Release:
    centres = tuple(sorted({c for c, _y in cells}))
    years = tuple(sorted({str(y) for _c, y in cells}))
    contributors = {
        (c, str(y)): frozenset(f"{case}:{y}" for case in cell.cases)
        for (c, y), cell in cells.items()
    }
    table = CountTable("results", tuple(c or "national" for c in centres), years, {
        (c or "national", y): who for (c, y), who in contributors.items()
    })  # fmt: skip
    return protect(table, k=k)


def _sum(cells: Iterable[Cell]) -> Cell:
    total = Cell()
    for cell in cells:
        total.cases |= cell.cases
        for name in FIGURE_NAMES:
            total.figures[name] += cell.figures[name]
    return total


def national_dashboard(*, agency: str = "", k: int | None = None) -> Dashboard:
    """Every centre and the national totals, per year, through disclosure control."""
    k = k or int(settings.AKRIM_DISCLOSURE_K)
    cells = merged(result_cells(centre=None, agency=agency), lambda k: (k[0], k[2]))
    years = tuple(sorted({y for _c, y in cells}))
    if not cells:
        return Dashboard("national", True, (), (), "centre", {}, k=k)
    try:
        release = _protected(cells, k)
    except TableRefused:
        why = gettext("fewer than %(k)d cases with results: nothing can be shown") % {"k": k}
        return Dashboard("national", True, years, (), "centre", {}, refused=why, k=k)
    by_year = []
    for year in years:
        allowed = release.values[(TOTAL, str(year))] is not None
        total = _sum(c for (_, y), c in cells.items() if y == year)
        by_year.append(_row(year, total) if allowed else FigureRow(str(year), None, None))
    breakdown: dict[int, tuple[FigureRow, ...]] = {}
    for year in years:
        rows = []
        for centre in sorted({c for c, _y in cells}):
            label = centre or "national"
            cell = cells.get((centre, year))
            if cell is None:
                continue
            shown = release.values[(label, str(year))] is not None
            rows.append(_row(label, cell) if shown else FigureRow(label, None, None))
        breakdown[year] = tuple(rows)
    return Dashboard(
        scope="national",
        controlled=True,
        years=years,
        by_year=tuple(by_year),
        breakdown_title="centre",
        breakdown=breakdown,
        k=k,
        withheld=len(release.suppressed),
    )


def dashboard_for(*, user: User, agency: str = "", centre: str = "") -> Dashboard:
    """The user's own centre in full; national users all centres under disclosure control
    (or one centre's row of that release when they pick one)."""
    may_read_results(user)
    if user.centre:
        return centre_dashboard(centre=user.centre, agency=agency)
    board = national_dashboard(agency=agency)
    if not centre:
        return board
    rows = {
        year: tuple(r for r in board.breakdown.get(year, ()) if r.label == centre)
        for year in board.years
    }
    by_year = tuple(next(iter(rows[year]), None) or _row(year, None) for year in board.years)
    by_year = tuple(
        FigureRow(str(y), r.cases, r.figures) for y, r in zip(board.years, by_year, strict=True)
    )
    return Dashboard(
        centre, True, board.years, by_year, "centre", rows, board.refused, board.k, board.withheld
    )
