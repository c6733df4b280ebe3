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


def user_update(
    *,
    user: User,
    by: str,
    roles: Sequence[str] | None = None,
    centre: str | None = None,
    agency: str | None = None,
    is_active: bool | None = None,
) -> User:
    """Change a user's agency, centre, roles or active flag; audited like every state change."""
    if agency is not None and agency not in KNOWN_AGENCIES:
        raise ValueError(f"unknown agency {agency!r}")
    with transaction.atomic():
        if roles is not None:
            user.roles = sorted(roles_from(roles))
        if centre is not None:
            user.centre = centre
        if agency is not None:
            user.agency = agency
        if is_active is not None:
            user.is_active = is_active
        user.save()
        audit_record(
            UserChanged(
                actor=by,
                username=user.username,
                user_agency=user.agency,
                centre=user.centre,
                roles=tuple(user.roles),
                active=user.is_active,
            )
        )
    return user
