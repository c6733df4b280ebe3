"""Writes on users: create and change, each in one transaction with its audit event."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from akrim.domain.access import roles_from
from akrim.domain.audit_events import UserChanged
from akrim.domain.registers import AGENCIES
from akrim.web.accounts.models import User
from akrim.web.audit.services import audit_record

KNOWN_AGENCIES = frozenset(AGENCIES) | {"ntaes"}


def user_create(
    *,
    username: str,
    agency: str,
    roles: Sequence[str],
    centre: str = "",
    password: str | None = None,
    by: str = "system",
) -> User:
    if agency not in KNOWN_AGENCIES:
        raise ValueError(f"unknown agency {agency!r}; one of: {', '.join(sorted(KNOWN_AGENCIES))}")
    checked = sorted(roles_from(roles))
    with transaction.atomic():
        user = User(username=username, agency=agency, centre=centre, roles=checked)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean()
        user.save()
        audit_record(
            UserChanged(
                actor=by,
                username=username,
                user_agency=agency,
                centre=centre,
                roles=tuple(checked),
            )
        )
    return user
