"""Pages every user needs regardless of role: the start page and the liveness check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def home(request: HttpRequest) -> HttpResponse:
    """Signed-in users start at their priorities."""
    return redirect("/priorities/")


@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for process supervisors and the test harness; reveals nothing."""
    return HttpResponse("ok", content_type="text/plain")
