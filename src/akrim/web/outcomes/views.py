"""Pages of the results app: the dashboard with charts and trends, its CSV export, and the
evaluation of measures."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from akrim.domain.audit_events import AggregateReleased
from akrim.web.accounts.models import CENTRES, User
from akrim.web.audit.services import audit_record
from akrim.web.cases.models import Case, MeasureResult
from akrim.web.outcomes.charts import bar_chart
from akrim.web.outcomes.evaluation import (
    DEFAULT_MONTHS,
    VERDICTS,
    case_effect,
    evaluate,
    score_history,
)
from akrim.web.outcomes.selectors import (
    FIGURE_NAMES,
    FIGURES,
    Dashboard,
    FigureRow,
    dashboard_for,
    may_read_results,
)
from akrim.web.sharing.policy import Refused, current_policy, require

CHARTED = FIGURE_NAMES[:6]  # the seed report's figures get a chart each


def _board(request: HttpRequest) -> tuple[Dashboard, str, str]:
    user: User = request.user
    agency = request.GET.get("agency", "")
    centre = request.GET.get("centre", "") if not user.centre else ""
    return dashboard_for(user=user, agency=agency, centre=centre), agency, centre


def dashboard(request: HttpRequest) -> HttpResponse:
    try:
        board, agency, centre = _board(request)
    except Refused as refused:
        return HttpResponseForbidden(str(refused))
    labels = dict(FIGURES)
    charts = [
        (
            labels[name],
            bar_chart(
                str(labels[name]),
                [
                    (r.label, r.figures[name] if r.figures is not None else None)
                    for r in board.by_year
                ],
            ),
        )
        for name in CHARTED
    ]
    agencies = sorted(set(MeasureResult.objects.values_list("agency", flat=True)))
    user: User = request.user
    context = {
        "board": board,
        "figures": FIGURES,
        "charts": charts,
        "agency": agency,
        "agencies": agencies,
        "centre": centre,
        "centres": CENTRES if not user.centre else {},
        "breakdown": sorted(board.breakdown.items(), reverse=True),
        "query": request.GET.urlencode(),
    }
    return render(request, "outcomes/dashboard.html", context)


def _csv_lines(board: Dashboard) -> Iterator[list[str]]:
    yield ["scope", "year", board.breakdown_title, "cases", *FIGURE_NAMES]
    for row in board.by_year:
        yield _line(board.scope, row.label, "*", row)
    for year, rows in sorted(board.breakdown.items()):
        for row in rows:
            yield _line(board.scope, str(year), row.label, row)


def _line(scope: str, year: str, label: str, row: FigureRow) -> list[str]:
    if row.figures is None:
        return [scope, year, label, "withheld", *("withheld" for _ in FIGURE_NAMES)]
    return [scope, year, label, str(row.cases), *(str(row.figures[n]) for n in FIGURE_NAMES)]


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv(request: HttpRequest) -> HttpResponse:
    try:
        board, agency, _centre = _board(request)
    except Refused as refused:
        return HttpResponseForbidden(str(refused))
    user: User = request.user
    lines = list(_csv_lines(board))
    audit_record(
        AggregateReleased(
            actor=user.username,
            agency=user.agency,
            table=f"results:{board.scope}:{agency or 'all'}",
            k=board.k,
            cells=len(lines) - 1,
            suppressed=sum(1 for line in lines if line[3] == "withheld"),
        )
    )
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(line) for line in lines), content_type="text/csv; charset=utf-8"
    )
    name = f"results-{board.scope}-{agency or 'all-agencies'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _months(request: HttpRequest) -> int:
    try:
        return min(max(int(request.GET.get("months", DEFAULT_MONTHS)), 1), 120)
    except ValueError:
        return DEFAULT_MONTHS


def evaluation(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    try:
        may_read_results(user)
    except Refused as refused:
        return HttpResponseForbidden(str(refused))
    months = _months(request)
    cases, kinds, unavailable = evaluate(user, months)
    reads_cases = current_policy().may(user.actor(), "case.read").allowed
    k = int(settings.AKRIM_DISCLOSURE_K)
    context = {
        # Users who may not read cases (the strategic analysts) get the kinds of measure
        # only, each on at least k subjects: statistics, never a case.
        "cases": cases if reads_cases else [],
        "kinds": kinds if reads_cases else [row for row in kinds if row.subjects >= k],
        "hidden_kinds": 0 if reads_cases else sum(1 for row in kinds if row.subjects < k),
        "k": k,
        "verdicts": VERDICTS,
        "months": months,
        "unavailable": unavailable,
    }
    return render(request, "outcomes/evaluation.html", context)


def case_evaluation(request: HttpRequest, case_id: int) -> HttpResponse:
    user: User = request.user
    try:
        may_read_results(user)
        require(user.actor(), "case.read")
    except Refused as refused:
        return HttpResponseForbidden(str(refused))
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        return HttpResponse(status=404)
    if user.centre and case.centre != user.centre:
        return HttpResponseForbidden(gettext("the case belongs to another centre"))
    months = _months(request)
    subjects = list(case.subjects.values_list("subject", flat=True))
    history, unavailable = score_history(subjects)
    effect = case_effect(case, months, history)
    context = {"effect": effect, "months": months, "unavailable": unavailable}
    return render(request, "outcomes/case_evaluation.html", context)
