"""Sign-in in two steps (password, then a one-time code when the user has or needs one),
the lock-out page, and the user's own account page with authenticator enrolment."""

from __future__ import annotations

import time
from typing import Any

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from akrim.domain.audit_events import SignedIn
from akrim.web.accounts import second_factor
from akrim.web.accounts.middleware import IDLE_SIGNED_OUT
from akrim.web.accounts.models import User
from akrim.web.audit.services import audit_record

# Session keys of a sign-in that passed the password step but not yet the code step.
PENDING_USER = "akrim_pending_user"
PENDING_BACKEND = "akrim_pending_backend"
PENDING_AT = "akrim_pending_at"
PENDING_NEXT = "akrim_pending_next"
PENDING_SECONDS = 300


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def client_ip(request: HttpRequest) -> str:
    return get_client_ip_address(request) or ""


class SignInView(auth_views.LoginView):
    """The password step. A user who has or needs a one-time code is not signed in yet:
    the session only remembers who passed the password, for a few minutes."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Said once, on the page the idle sign-out led to.
        context["idle_signed_out"] = self.request.session.pop(IDLE_SIGNED_OUT, False)
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if not second_factor.needs_second_factor(user):
            response = super().form_valid(form)
            audit_record(
                SignedIn(
                    actor=user.username, agency=user.agency, ip_address=client_ip(self.request)
                )
            )
            return response
        session = self.request.session
        session.cycle_key()  # the half-signed-in state gets a fresh key
        session[PENDING_USER] = user.pk
        session[PENDING_BACKEND] = user.backend
        session[PENDING_AT] = time.time()
        session[PENDING_NEXT] = self.get_success_url()
        return redirect("login-code")


def _pending_user(request: HttpRequest) -> User | None:
    session = request.session
    started = session.get(PENDING_AT)
    if started is None or time.time() - float(started) > PENDING_SECONDS:
        _forget_pending(request)
        return None
    return User.objects.filter(pk=session.get(PENDING_USER), is_active=True).first()


def _forget_pending(request: HttpRequest) -> None:
    for key in (PENDING_USER, PENDING_BACKEND, PENDING_AT, PENDING_NEXT):
        request.session.pop(key, None)


@login_not_required
@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def sign_in_code(request: HttpRequest) -> HttpResponseBase:
    """The code step: check a code from the user's app (or enrol one if an administrator
    requires it and the user has none). Wrong codes count towards the lock-out."""
    user = _pending_user(request)
    if user is None:
        messages.info(request, _("Sign in with your user name and password first."))
        return redirect(settings.LOGIN_URL)
    credentials = {"username": user.username}
    if AxesProxyHandler.is_locked(request, credentials):
        _forget_pending(request)
        return locked_out(request, None, credentials)
    device = second_factor.confirmed_device(user)
    enrolling = device is None
    if device is None:
        device = second_factor.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not device.verify_is_allowed()[0]:
            # django-otp slows guessing down: each wrong code doubles the wait for the next.
            form.add_error("code", _("Wait a few seconds before trying another code."))
            return _code_page(request, form, user, device, enrolling)
        if second_factor.code_matches(device, form.cleaned_data["code"]):
            return _complete_sign_in(request, user, device, enrolling)
        user_login_failed.send(
            sender=__name__, credentials={**credentials, "stage": "code"}, request=request
        )
        if AxesProxyHandler.is_locked(request, credentials):
            _forget_pending(request)
            return locked_out(request, None, credentials)
        form.add_error("code", _("That code is not right. Codes change every 30 seconds."))
    return _code_page(request, form, user, device, enrolling)


def _code_page(
    request: HttpRequest, form: CodeForm, user: User, device: Any, enrolling: bool
) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "enrolling": enrolling, "pending_user": user}
    if enrolling:
        context["qr_svg"] = second_factor.qr_svg(device)
        context["secret"] = second_factor.secret_base32(device)
    return render(request, "registration/login_code.html", context)


def _complete_sign_in(
    request: HttpRequest, user: User, device: Any, enrolling: bool
) -> HttpResponse:
    backend = request.session.get(PENDING_BACKEND)
    target = request.session.get(PENDING_NEXT) or settings.LOGIN_REDIRECT_URL
    _forget_pending(request)
    if enrolling:
        second_factor.enrol_confirm(user=user, device=device, by=user.username)
    auth_login(request, user, backend=backend)
    django_otp.login(request, device)
    audit_record(
        SignedIn(
            actor=user.username,
            agency=user.agency,
            ip_address=client_ip(request),
            second_factor=True,
        )
    )
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = settings.LOGIN_REDIRECT_URL
    return redirect(target)


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """What a locked-out client sees (django-axes calls this): why, and for how long."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "registration/locked_out.html", context, status=429)


@never_cache
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own account: who they are, and two-step sign-in."""
    user = request.user
    assert isinstance(user, User)
    context = {
        "device": second_factor.confirmed_device(user),
        "otp_required": user.otp_required,
    }
    return render(request, "accounts/account.html", context)


@never_cache
def totp_enrol(request: HttpRequest) -> HttpResponse:
    """Show a QR code for a new authenticator; the device counts once a code from it works."""
    user = request.user
    assert isinstance(user, User)
    device = second_factor.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.code_matches(device, form.cleaned_data["code"]):
            second_factor.enrol_confirm(user=user, device=device, by=user.username)
            django_otp.login(request, device)
            messages.success(
                request, _("Two-step sign-in is on. You need a code at every sign-in.")
            )
            return redirect("account")
        form.add_error("code", _("That code is not right. Codes change every 30 seconds."))
    context = {
        "form": form,
        "qr_svg": second_factor.qr_svg(device),
        "secret": second_factor.secret_base32(device),
    }
    return render(request, "accounts/totp_enrol.html", context)


@require_POST
def totp_remove(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    try:
        second_factor.enrolment_remove(user=user, by=user.username)
    except PermissionError:
        messages.error(request, _("Your administrator requires two-step sign-in; it stays on."))
    else:
        messages.success(request, _("Two-step sign-in is off."))
    return redirect("account")
