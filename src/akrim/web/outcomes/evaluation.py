"""Evaluation of measures: per case, the verdict on each measure and the subjects' risk before
and after; across cases, per kind of measure, the verdicts, the change in risk and how often
subjects come back (nominated again, or new indicators) within N months.

Risk comes from the scores of the analysis runs that ``akrim analyse`` keeps for every case
subject (store table ``feedback.subject_scores``): *before* is the last run on or before the
first measure was done, *after* the last run after the last result, within the window. Runs
are the only clock: a subject analysed only once has no change to show.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings

from akrim.domain.case_workflow import MeasureEffect, MeasureState
from akrim.pipelines.feedback import SubjectScore, subject_score_history
from akrim.web.accounts.models import User
from akrim.web.cases.models import Case, CaseSubject, Measure

DEFAULT_MONTHS = 12
VERDICTS = tuple(e.value for e in MeasureEffect)
NOT_EVALUATED = "not_evaluated"
ALL_CASES = "all cases"  # the reference row: every case, each subject once


@dataclass(frozen=True)
class SubjectEffect:
    subject: str
    before: float | None
    after: float | None
    new_indicators: tuple[str, ...]
    renominated: bool

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class CaseEffect:
    case: Case
    measures: tuple[Measure, ...]
    subjects: tuple[SubjectEffect, ...]
    start: dt.date | None  # first measure done
    end: dt.date | None  # last result recorded


@dataclass
class KindEffect:
    """Across cases, one kind of measure."""

    kind: str
    measures: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    subjects: int = 0
    measured: int = 0  # subjects with a before and an after
    change_sum: float = 0.0
    renominated: int = 0
    new_indicators: int = 0

    @property
    def verdict_counts(self) -> tuple[int, ...]:
        """Counts in the order of ``VERDICTS``, then measures not evaluated yet."""
        return (*(self.verdicts[v] for v in VERDICTS), self.verdicts[NOT_EVALUATED])

    @property
    def mean_change(self) -> float | None:
        return self.change_sum / self.measured if self.measured else None

    @property
    def renominated_share(self) -> float | None:
        return self.renominated / self.subjects if self.subjects else None

    @property
    def new_indicator_share(self) -> float | None:
        return self.new_indicators / self.measured if self.measured else None


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, 28))


def score_history(subjects: Sequence[str]) -> tuple[list[SubjectScore], str]:
    """The store's kept scores of these subjects; an empty list and why, if unavailable."""
    from akrim.pipelines.workbench import StoreBusy, StoreMissing, workbench_store

    try:
        with workbench_store(settings.STORE).reader() as backend:
            return subject_score_history(backend, list(subjects)), ""
    except (StoreBusy, StoreMissing) as error:
        return [], str(error)


def _window(measures: Iterable[Measure]) -> tuple[dt.date | None, dt.date | None]:
    """From the first measure done to the last result recorded."""
    done = sorted(m.done_on for m in measures if m.done_on)
    results = sorted(r.recorded_at.date() for m in measures for r in m.results.all())
    starts, ends = done or results, results or done
    return (starts[0] if starts else None), (ends[-1] if ends else None)


def _subject_effect(
    subject: str,
    history: list[SubjectScore],
    start: dt.date | None,
    end: dt.date | None,
    months: int,
    renominated: bool,
) -> SubjectEffect:
    mine = [h for h in history if h.subject == subject]
    before = [h for h in mine if start and h.run_at.date() <= start]
    limit = _add_months(end, months) if end else None
    after = [h for h in mine if end and limit and end < h.run_at.date() <= limit]
    b, a = (before[-1] if before else None), (after[-1] if after else None)
    new = tuple(sorted(set(a.indicators) - set(b.indicators))) if a and b else ()
    return SubjectEffect(subject, b.score if b else None, a.score if a else None, new, renominated)


def _renominated(case: Case, subject: str, end: dt.date | None, months: int) -> bool:
    if end is None:
        return False
    later = CaseSubject.objects.filter(subject=subject, case__opened_at__date__gt=end).exclude(
        case=case
    )
    return later.filter(case__opened_at__date__lte=_add_months(end, months)).exists()


def cases_in_scope(user: User) -> Iterable[Case]:
    """Cases with done measures that the user's centre ran (national users: all)."""
    cases = Case.objects.filter(measures__state=MeasureState.DONE).distinct().order_by("pk")
    return cases.filter(centre=user.centre) if user.centre else cases


def case_effect(case: Case, months: int, history: list[SubjectScore]) -> CaseEffect:
    measures = tuple(case.measures.prefetch_related("results").order_by("pk"))
    start, end = _window([m for m in measures if m.state == MeasureState.DONE])
    subjects = tuple(
        _subject_effect(s, history, start, end, months, _renominated(case, s, end, months))
        for s in case.subjects.order_by("subject").values_list("subject", flat=True)
    )
    return CaseEffect(case, measures, subjects, start, end)


def evaluate(
    user: User, months: int = DEFAULT_MONTHS
) -> tuple[list[CaseEffect], list[KindEffect], str]:
    """Per case and per kind of measure, for the cases in the user's scope."""
    cases = list(cases_in_scope(user))
    subjects = sorted({s.subject for c in cases for s in c.subjects.all()})
    history, unavailable = score_history(subjects) if subjects else ([], "")
    effects = [case_effect(c, months, history) for c in cases]
    kinds: dict[str, KindEffect] = defaultdict(lambda: KindEffect(""))
    for effect in effects:
        done = [m for m in effect.measures if m.state == MeasureState.DONE]
        for kind in sorted({m.kind for m in done}):
            row = kinds[kind]
            row.kind = kind
            row.measures += sum(1 for m in done if m.kind == kind)
            row.verdicts.update(m.effect or NOT_EVALUATED for m in done if m.kind == kind)
            _count_subjects(row, effect.subjects)
    overall = KindEffect(ALL_CASES, verdicts=Counter())
    for effect in effects:
        done = [m for m in effect.measures if m.state == MeasureState.DONE]
        overall.measures += len(done)
        overall.verdicts.update(m.effect or NOT_EVALUATED for m in done)
        _count_subjects(overall, effect.subjects)
    rows = [kinds[k] for k in sorted(kinds)]
    return effects, [*rows, overall] if rows else [], unavailable


def _count_subjects(row: KindEffect, subjects: Iterable[SubjectEffect]) -> None:
    for s in subjects:
        row.subjects += 1
        row.renominated += int(s.renominated)
        if s.change is not None:
            row.measured += 1
            row.change_sum += s.change
            row.new_indicators += int(bool(s.new_indicators))
