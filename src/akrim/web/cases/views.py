"""Case pages: the list with filters and overdue flags, nomination, the case page with its
tabs (overview, analysis, report, decision, plan, results, evaluation, history), and the
posts that move a case along. Views check input and call the services; refusals come back
to the page with their reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from akrim.domain import case_workflow as wf
from akrim.web.accounts.models import User
from akrim.web.cases import analysis_reads, forms, material, measures, report_pdf, reports
from akrim.web.cases import selectors as sel
from akrim.web.cases.models import Case, CaseAttachment, CaseEvaluation, Measure
from akrim.web.cases.services import (
    WorkflowRefused,
    case_nominate,
    case_subject_add,
    case_transition,
    case_update,
)
from akrim.web.sharing.policy import Refused, current_policy

TABS = ("overview", "analysis", "report", "decision", "plan", "results", "evaluation", "history")
# The tab a state opens on: where the next piece of work is.
STATE_TABS = {
    "nominated": "overview",
    "in_analysis": "analysis",
    "returned": "analysis",
    "report_submitted": "decision",
    "approved": "plan",
    "control_planning": "plan",
    "measures_under_way": "results",
    "results_recorded": "evaluation",
    "evaluated": "evaluation",
    "closed": "history",
}

STEP_LABELS = {
    "start_analysis": gettext_lazy("Start analysis"),
    "drop": gettext_lazy("Drop the case"),
    "resume_analysis": gettext_lazy("Resume analysis"),
    "plan_measures": gettext_lazy("Start control-group planning"),
    "start_measures": gettext_lazy("Start the measures"),
    "complete_results": gettext_lazy("Results complete"),
    "close": gettext_lazy("Close the case"),
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _may(user: User, action: str) -> bool:
    return current_policy().may(user.actor(), action).allowed


def _case_for(request: HttpRequest, pk: int) -> Case:
    """The case, if this user may read cases and it belongs to their centre."""
    user = _user(request)
    if not _may(user, "case.read"):
        raise PermissionDenied(_("Your roles do not include working on cases."))
    case = get_object_or_404(Case.objects.select_related("owner", "opened_by"), pk=pk)
    if user.centre and case.centre and case.centre != user.centre:
        raise Http404
    return case


def _back(case: Case, tab: str) -> HttpResponse:
    return redirect(f"{reverse('cases:detail', args=[case.pk])}?tab={tab}")


def _act(
    request: HttpRequest, case: Case, tab: str, work: Callable[[], Any], done: str
) -> HttpResponse:
    """Run a service; its refusal or input error becomes a message on the tab."""
    try:
        work()
    except (WorkflowRefused, Refused, ValueError, LookupError) as error:
        messages.error(request, str(error))
    except analysis_reads.STORE_ERRORS as error:
        messages.error(request, _("The analysed store is not available: %s") % error)
    else:
        messages.success(request, done)
    return _back(case, tab)


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not _may(user, "case.read"):
        raise PermissionDenied(_("Your roles do not include working on cases."))
    filters = sel.CaseFilter(
        state=request.GET.get("state", ""),
        source=request.GET.get("source", ""),
        owner=request.GET.get("owner", ""),
        agency=request.GET.get("agency", ""),
        overdue=request.GET.get("overdue") == "1",
        q=request.GET.get("q", "").strip(),
    )
    today = timezone.localdate()
    cases = list(sel.case_list(user=user, filters=filters, today=today)[:200])
    for case in cases:
        case.is_overdue = wf.case_overdue(wf.CaseState(case.state), case.due_date, today)
    context = {
        "cases": cases,
        "filters": filters,
        "states": [s.value for s in wf.CaseState],
        "sources": [s.value for s in wf.CaseSource],
        "agencies": [a for a, _ in forms.agency_choices()],
        "may_nominate": _may(user, "case.open"),
        "overdue_count": sel.overdue_cases(centre=user.centre, today=today).count()
        + sel.overdue_measures(centre=user.centre, today=today).count(),
    }
    return render(request, "cases/list.html", context)


@require_GET
def overdue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not _may(user, "case.read"):
        raise PermissionDenied(_("Your roles do not include working on cases."))
    today = timezone.localdate()
    context = {
        "cases": sel.overdue_cases(centre=user.centre, today=today),
        "measures": sel.overdue_measures(centre=user.centre, today=today),
        "today": today,
    }
    return render(request, "cases/overdue.html", context)


def nominate(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not _may(user, "case.open"):
        raise PermissionDenied(_("Nominating a case needs the analyst or centre manager role."))
    if request.method == "POST":
        form = forms.NominateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = case_nominate(
                    user=user,
                    title=data["title"],
                    subjects=data["subjects"],
                    purpose=data["purpose"],
                    provision=data["provision"],
                    source=data["source"],
                    source_ref=data["source_ref"],
                    agencies=data["agencies"],
                    description=data["description"],
                    due_date=data["due_date"],
                )
            except (Refused, ValueError) as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Case nominated."))
                return redirect("cases:detail", pk=case.pk)
    else:
        form = forms.NominateForm(initial=_nomination_initial(request))
    return render(request, "cases/new.html", {"form": form})


def _nomination_initial(request: HttpRequest) -> dict[str, Any]:
    initial: dict[str, Any] = {"purpose": "detect", "provision": "s3", "source": "manual"}
    actor_id = request.GET.get("actor", "").strip()
    if actor_id:
        try:
            title, specs = analysis_reads.actor_subjects(actor_id)
        except (LookupError, *analysis_reads.STORE_ERRORS) as error:
            messages.error(request, str(error))
        else:
            initial |= {
                "title": title,
                "subjects": forms.subjects_text(specs),
                "source": "priority",
                "source_ref": actor_id,
            }
    # A company or person page links here with ?subject=<id>&title=<name>.
    if request.GET.get("subject") and "subjects" not in initial:
        initial["subjects"] = request.GET["subject"]
    if request.GET.get("title") and "title" not in initial:
        initial["title"] = request.GET["title"]
    return initial


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for(request, pk)
    user = _user(request)
    tab = request.GET.get("tab") or STATE_TABS.get(case.state, "overview")
    if tab not in TABS:
        tab = "overview"
    today = timezone.localdate()
    measures_list = list(
        case.measures.select_related("owner", "coordinated_action").prefetch_related("results")
    )
    for m in measures_list:
        m.is_overdue = wf.measure_overdue(wf.MeasureState(m.state), m.due_date, today)
        m.may_record = wf.may_record_result(current_policy(), user.actor(), m.agency).allowed
    report = sel.report_current(case=case)
    actions = [(a.pk, f"{a.date} {a.place}: {a.title}") for a in case.coordinated_actions.all()]
    done_ids = [m.pk for m in measures_list if m.state == wf.MeasureState.DONE]
    context = {
        "case": case,
        "tab": tab,
        "tabs": TABS,
        "is_overdue": wf.case_overdue(wf.CaseState(case.state), case.due_date, today),
        "transitions": [
            (t, verdict, STEP_LABELS.get(t.name, t.name))
            for t, verdict in sel.case_transitions_for(case=case, user=user)
        ],
        "evaluation": CaseEvaluation.objects.filter(case=case)
        .select_related("evaluated_by")
        .first(),
        "report": report,
        "reports": case.reports.all(),
        "measures": measures_list,
        "in_analysis": case.state in wf.ANALYSIS_STATES,
        "planning": case.state in wf.PLANNING_STATES,
        "may_analyse": _may(user, "case.analyse"),
        "may_decide": _may(user, "case.decide"),
        "may_plan": _may(user, "case.plan_measures"),
        "may_evaluate": _may(user, "case.evaluate"),
        "decision_form": forms.DecisionForm(),
        "osint_form": forms.OsintForm(),
        "action_form": forms.CoordinatedActionForm(),
        "measure_form": forms.MeasureForm(actions=actions),
        "evaluation_form": forms.EvaluationForm(measure_ids=done_ids),
        "effects": [e.value for e in wf.MeasureEffect],
        "needs_note": not case.proportionality_notes.exists(),
        "history": case.state_changes.select_related("by"),
        "facts_by_subject": _facts_by_subject(case),
    }
    return render(request, "cases/detail.html", context)


def _facts_by_subject(case: Case) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for fact in case.facts.all():
        grouped.setdefault(fact.subject, []).append(fact)
    return grouped


@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for(request, pk)
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a step."))
        return _back(case, "overview")
    name, reason = form.cleaned_data["name"], form.cleaned_data["reason"]
    work = lambda: case_transition(user=_user(request), case=case, name=name, reason=reason)  # noqa: E731
    _act(request, case, "overview", work, _("Done: %s.") % name.replace("_", " "))
    case.refresh_from_db()
    return _back(case, STATE_TABS[case.state])


@require_POST
def update(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for(request, pk)
    owner = User.objects.filter(username=request.POST.get("owner", "")).first()
    due = request.POST.get("due_date") or None

    def work() -> None:
        case_update(
            user=_user(request),
            case=case,
            owner=owner,
            due_date=date.fromisoformat(due) if due else None,
        )

    return _act(request, case, "overview", work, _("Case updated."))


@require_POST
def subject_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for(request, pk)
    specs = forms.parse_subjects(request.POST.get("subject", ""))

    def work() -> None:
        if len(specs) != 1:
            raise ValueError(_("Give one subject: [company|person|network] id [name]."))
        spec = specs[0]
        case_subject_add(
            user=_user(request), case=case, subject=spec.subject, kind=spec.kind, label=spec.label
        )

    return _act(request, case, "overview", work, _("Subject added."))


@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for(request, pk)
    text = request.POST.get("text", "")
    work = lambda: material.note_add(user=_user(request), case=case, text=text)  # noqa: E731
    return _act(request, case, "analysis", work, _("Note added."))


@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
        return _back(case, "analysis")
    description = request.POST.get("description", "")
    work = lambda: material.attachment_add(  # noqa: E731
        user=_user(request), case=case, upload=upload, description=description
    )
    return _act(request, case, "analysis", work, _("File attached."))


@require_GET
def attachment_get(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    case = _case_for(request, pk)
    attachment = get_object_or_404(CaseAttachment, pk=attachment_id, case=case)
    opened = material.attachment_open(user=_user(request), attachment=attachment)
    return FileResponse(opened, as_attachment=True, filename=attachment.name)


@require_POST
def osint_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for(request, pk)
    form = forms.OsintForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return _back(case, "analysis")
    work = lambda: material.osint_add(user=_user(request), case=case, **form.cleaned_data)  # noqa: E731
    return _act(request, case, "analysis", work, _("Finding added."))


@require_POST
def facts_collect(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for(request, pk)
    subject = get_object_or_404(case.subjects, subject=request.POST.get("subject", ""))
    note = request.POST.get("proportionality_note", "").strip() or None
    user = _user(request)

    def work() -> None:
        outcome = analysis_reads.collect_subject_facts(
            user=user, case=case, subject=subject, proportionality_note=note
        )
        for scope, decision in outcome.withheld.items():
            messages.warning(request, f"{scope.agency}/{scope.register}: {decision.reason}")

    return _act(request, case, "analysis", work, _("Facts collected for %s.") % subject.subject)


@require_POST
def report_draft(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for(request, pk)
    user = _user(request)

    def work() -> None:
        try:
            indicators, network = analysis_reads.report_inputs(case)
        except analysis_reads.STORE_ERRORS as error:
            indicators, network = [], ""
            messages.warning(request, _("Drafted without indicators: %s") % error)
        reports.report_draft(user=user, case=case, indicators=indicators, network_summary=network)

    return _act(request, case, "report", work, _("Report drafted from the case material."))


@require_POST
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for(request, pk)
    sections = {
        key.removeprefix("section_"): value
        for key, value in request.POST.items()
        if key.startswith("section_")
    }
    title = request.POST.get("title")

    def work() -> None:
        reports.report_edit(user=_user(request), case=case, sections=sections, title=title)

    return _act(request, case, "report", work, _("Report saved as a new version."))


@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for(request, pk)
    work = lambda: reports.report_submit(user=_user(request), case=case)  # noqa: E731
    return _act(request, case, "decision", work, _("Report submitted to the steering group."))


@require_GET
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for(request, pk)
    version = request.GET.get("version")
    report = (
        get_object_or_404(case.reports, version=int(version))
        if version and version.isdigit()
        else sel.report_current(case=case)
    )
    if report is None:
        raise Http404
    data = report_pdf.report_export(user=_user(request), report=report)
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"case-{case.pk}-report-v{report.version}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for(request, pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A decision needs an outcome and a reason."))
        return _back(case, "decision")
    data = form.cleaned_data
    work = lambda: reports.steering_decide(  # noqa: E731
        user=_user(request), case=case, outcome=data["outcome"], reason=data["reason"]
    )
    _act(request, case, "decision", work, _("Decision recorded."))
    case.refresh_from_db()
    return _back(case, STATE_TABS[case.state])


@require_POST
def coordinated_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for(request, pk)
    form = forms.CoordinatedActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return _back(case, "plan")

    def work() -> None:
        measures.coordinated_action_create(user=_user(request), case=case, **form.cleaned_data)

    return _act(request, case, "plan", work, _("Coordinated action planned."))


@require_POST
def measure_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for(request, pk)
    actions = [(a.pk, str(a.pk)) for a in case.coordinated_actions.all()]
    form = forms.MeasureForm(request.POST, actions=actions)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return _back(case, "plan")
    data = form.cleaned_data
    action = case.coordinated_actions.filter(pk=data["coordinated_action"]).first()
    owner = User.objects.filter(username=data["owner"]).first() if data["owner"] else None
    if data["owner"] and owner is None:
        messages.error(request, _("No user %s.") % data["owner"])
        return _back(case, "plan")

    def work() -> None:
        measures.measure_plan(
            user=_user(request),
            case=case,
            kind=data["kind"],
            agency=data["agency"],
            due_date=data["due_date"],
            description=data["description"],
            languages=[w.strip() for w in data["languages"].split(",") if w.strip()],
            owner=owner,
            coordinated_action=action,
        )

    return _act(request, case, "plan", work, _("Measure planned."))


@require_POST
def measure_move(request: HttpRequest, pk: int, measure_id: int) -> HttpResponse:
    case = _case_for(request, pk)
    measure = get_object_or_404(Measure, pk=measure_id, case=case)
    target = request.POST.get("to", "")
    work = lambda: measures.measure_move(user=_user(request), measure=measure, to=target)  # noqa: E731
    tab = "plan" if case.state == wf.CaseState.CONTROL_PLANNING else "results"
    return _act(request, case, tab, work, _("Measure is now %s.") % target.replace("_", " "))


def measure_result(request: HttpRequest, pk: int, measure_id: int) -> HttpResponse:
    case = _case_for(request, pk)
    measure = get_object_or_404(Measure, pk=measure_id, case=case)
    user = _user(request)
    form = forms.ResultForm(
        request.POST or None, initial={"reporting_year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        year, done = data.pop("reporting_year"), data.pop("mark_done")
        try:
            measures.measure_result_record(
                user=user,
                measure=measure,
                figures=measures.ResultFigures(**data),
                reporting_year=year,
                mark_done=bool(done),
            )
        except (WorkflowRefused, Refused, ValueError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Results recorded."))
            return _back(case, "results")
    return render(
        request, "cases/result_form.html", {"case": case, "measure": measure, "form": form}
    )


@require_POST
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for(request, pk)
    done_ids = list(case.measures.filter(state=wf.MeasureState.DONE).values_list("pk", flat=True))
    form = forms.EvaluationForm(request.POST, measure_ids=done_ids)
    if not form.is_valid():
        messages.error(request, _("Give a summary and a verdict for every done measure."))
        return _back(case, "evaluation")
    work = lambda: measures.case_evaluate(  # noqa: E731
        user=_user(request),
        case=case,
        summary=form.cleaned_data["summary"],
        effects=form.effects(),
        notes=form.notes(),
    )
    return _act(request, case, "evaluation", work, _("Case evaluated."))
