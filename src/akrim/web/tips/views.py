"""Pages of the tips app: the public form and receipt page (no sign-in), and triage."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from akrim.web.accounts.models import User
from akrim.web.sharing.policy import Refused, current_policy
from akrim.web.tips import services
from akrim.web.tips.forms import LinkForm, NominateForm, ReceiptForm, StateForm, TipForm
from akrim.web.tips.models import Tip
from akrim.web.tips.selectors import tip_read, tips_for_triage, triagers_of
from akrim.web.tips.texts import LANGUAGE_NAMES, language_of, texts_for


def _language(request: HttpRequest) -> str:
    asked = request.POST.get("lang") or request.GET.get("lang")
    return language_of(asked or getattr(request, "LANGUAGE_CODE", None))


def _client(request: HttpRequest) -> str:
    # Behind a proxy, the deployment sets REMOTE_ADDR from its trusted header (waitress
    # trusted_proxy); a client-chosen header is never trusted here.
    return services.client_key(str(request.META.get("REMOTE_ADDR", "")))


def _public(
    request: HttpRequest, template: str, lang: str, status: int = 200, **extra: object
) -> HttpResponse:
    context = {"t": texts_for(lang), "lang": lang, "languages": LANGUAGE_NAMES, **extra}
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"  # a receipt code must not stay in a cache
    # same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on the
    # form post, which CSRF protection rightly refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def tip_form(request: HttpRequest) -> HttpResponse:
    lang = _language(request)
    texts = texts_for(lang)
    if request.method == "GET":
        return _public(request, "tips/form.html", lang, form=TipForm(texts))
    try:
        services.throttle(_client(request), "submit")
    except services.Throttled:
        return _public(request, "tips/form.html", lang, 429, form=TipForm(texts), throttled=True)
    form = TipForm(texts, request.POST)
    if form.is_bot():  # looks received to the bot, keeps nothing
        return _public(request, "tips/thanks.html", lang, code=services.receipt_code_new())
    if not form.is_valid():
        return _public(request, "tips/form.html", lang, 400, form=form)
    data = form.cleaned_data
    _, code = services.tip_submit(
        data=services.TipInput(
            language=lang,
            reporter_kind=data["reporter_kind"],
            categories=tuple(data["categories"]),
            description=data["description"],
            county=data["county"],
            company_name=data["company_name"],
            orgnr=data["orgnr"],
            workplace=data["workplace"],
            occurred=data["occurred"],
            anonymous=data["anonymous"],
            contact=data["contact"],
        )
    )
    return _public(request, "tips/thanks.html", lang, code=code)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def receipt(request: HttpRequest) -> HttpResponse:
    lang = _language(request)
    texts = texts_for(lang)
    if request.method == "GET":
        return _public(request, "tips/receipt.html", lang, form=ReceiptForm(texts))
    try:
        services.throttle(_client(request), "receipt")
    except services.Throttled:
        return _public(
            request, "tips/receipt.html", lang, 429, form=ReceiptForm(texts), throttled=True
        )
    form = ReceiptForm(texts, request.POST)
    if form.is_bot() or not form.is_valid():
        return _public(request, "tips/receipt.html", lang, 400, form=form)
    tip = services.tip_supplement(code=form.cleaned_data["code"], text=form.cleaned_data["text"])
    if tip is None:
        return _public(request, "tips/receipt.html", lang, 404, form=form, unknown=True)
    return _public(request, "tips/receipt.html", lang, form=ReceiptForm(texts), added=True)


def _refused(error: Exception) -> HttpResponse:
    return HttpResponseForbidden(str(error))


def triage_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    state = request.GET.get("state", "")
    try:
        tips = list(tips_for_triage(user=user, state=state)[:200])
    except Refused as refused:
        return _refused(refused)
    return render(
        request,
        "tips/triage_list.html",
        {"tips": tips, "state": state, "states": Tip.State.values, "centre": user.centre},
    )


def _search(query: str) -> tuple[list[object], str]:
    """Entities matching the analyst's text, through the workbench read model."""
    if len(query.strip()) < 2:
        return [], ""
    from akrim.pipelines.workbench import StoreBusy, StoreMissing, search, workbench_store

    try:
        with workbench_store(settings.STORE).reader() as backend:
            return list(search(backend, query)), ""
    except (StoreBusy, StoreMissing) as error:
        return [], str(error)


def triage_detail(request: HttpRequest, tip_id: int) -> HttpResponse:
    user: User = request.user
    try:
        tip = tip_read(user=user, tip_id=tip_id)
    except LookupError:
        return HttpResponse(status=404)
    except (Refused, PermissionError) as refused:
        return _refused(refused)
    query = request.GET.get("q", "")
    hits, search_error = _search(query)
    context = {
        "tip": tip,
        "additions": tip.additions.all(),
        "links": tip.links.all(),
        "history": tip.state_changes.select_related("by"),
        "assignees": triagers_of(tip),
        "moves": sorted(services.MOVES[tip.state]),
        "purposes": current_policy().purposes,
        "query": query,
        "hits": hits,
        "search_error": search_error,
    }
    return render(request, "tips/triage_detail.html", context)


@require_POST
def triage_action(request: HttpRequest, tip_id: int, action: str) -> HttpResponse:
    user: User = request.user
    tip = get_object_or_404(Tip, pk=tip_id)
    back = HttpResponseRedirect(reverse("tips:triage-detail", args=[tip.pk]))
    try:
        done = _act(user, tip, action, request)
    except (Refused, PermissionError) as refused:
        return _refused(refused)
    except ValueError as error:
        messages.error(request, str(error))
        return back
    if isinstance(done, HttpResponse):
        return done
    messages.success(request, done)
    return back


def _act(user: User, tip: Tip, action: str, request: HttpRequest) -> str | HttpResponse:
    if action == "assign":
        username = request.POST.get("assignee", "")
        assignee = User.objects.filter(username=username).first() if username else None
        services.tip_assign(user=user, tip=tip, assignee=assignee)
        return _("Assigned.")
    if action == "state":
        form = StateForm(request.POST)
        if not form.is_valid():
            raise ValueError(_("Choose a state."))
        services.tip_set_state(user=user, tip=tip, **form.cleaned_data)
        return _("State changed.")
    if action == "link":
        link = LinkForm(request.POST)
        if not link.is_valid():
            raise ValueError(_("Choose an entity to link."))
        services.tip_link(user=user, tip=tip, **link.cleaned_data)
        return _("Linked.")
    if action == "nominate":
        nominate = NominateForm(current_policy().purposes, request.POST)
        if not nominate.is_valid():
            raise ValueError(_("A case needs a title and a purpose."))
        case = services.tip_nominate(user=user, tip=tip, **nominate.cleaned_data)
        return HttpResponseRedirect(f"/cases/{case.pk}/")
    return HttpResponse(status=404)
