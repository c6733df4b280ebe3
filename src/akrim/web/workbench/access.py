"""Who may use the workbench: the policy's ``workbench.read`` action (the centres' roles that
work on individual actors), and ``link.decide`` for confirming or rejecting links."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from akrim.web.accounts.models import User
from akrim.web.sharing.policy import current_policy

READ_ACTION = "workbench.read"
DECIDE_ACTION = "link.decide"

View = Callable[..., HttpResponse]


def may(user: object, action: str) -> bool:
    return isinstance(user, User) and current_policy().may(user.actor(), action).allowed


def workbench_view(view: View) -> View:
    """Refuse (403, with the policy's reason) users whose roles do not read the workbench."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        decision = (
            current_policy().may(user.actor(), READ_ACTION) if isinstance(user, User) else None
        )
        if decision is None or not decision.allowed:
            reason = decision.reason if decision else "sign in"
            return render(request, "workbench/refused.html", {"reason": reason}, status=403)
        return view(request, *args, **kwargs)

    return guarded
