"""Sign-in failures and lock-outs go into the audit log (signals from Django and axes)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed

from akrim.domain.audit_events import SignInFailed, SignInLockedOut
from akrim.web.audit.services import audit_record


def _ip(request: Any) -> str:
    if request is None:
        return ""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or ""


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **_: Any
) -> None:
    if request is None:  # not a web sign-in (see backends.LockoutBackend)
        return
    audit_record(
        SignInFailed(
            actor=str(credentials.get("username", ""))[:150],
            ip_address=_ip(request),
            stage=str(credentials.get("stage", "password")),
        )
    )


def on_locked_out(sender: Any, request: Any = None, username: Any = "", **_: Any) -> None:
    audit_record(SignInLockedOut(actor=str(username or "")[:150], ip_address=_ip(request)))


def connect() -> None:
    user_login_failed.connect(on_login_failed, dispatch_uid="akrim-sign-in-failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="akrim-locked-out")
