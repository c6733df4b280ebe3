"""Bulk exports through the read gateway: who exports, and one audited, all-or-nothing write.

`akrim export ...` runs on the platform's host. Whoever runs it holds the store files, so
the policy cannot keep the data from them; what it can do is make each export a decision on
the record: under a named platform user (``--as``, whose roles the policy applies in full)
or, by default, under the host's store operator (``<os user>@host``, role
``store_operator``), with a declared purpose, one audit event and ledger entries for every
agency whose registers left the store.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.db import transaction

from akrim.domain.access import AccessKind, Decision, FactScope, Role
from akrim.domain.audit_events import UserChanged
from akrim.domain.registers import Classification
from akrim.web.accounts.models import User
from akrim.web.accounts.services import KNOWN_AGENCIES
from akrim.web.audit.services import audit_record
from akrim.web.sharing.gateway import WITHHELD_ALONG, ReadRequest, read_facts

# The agency the host's operators act for, when the deployment names none: not a body of the
# regulation and owner of no register, so every confidential register an operator exports
# is recorded in the ledger as a disclosure to "host".
HOST_AGENCY_VARIABLE = "AKRIM_HOST_AGENCY"
UNNAMED_HOST_AGENCY = "host"
HOST_SUFFIX = "@host"


class ExportRefused(PermissionError):
    """The policy withheld a register the export draws on; the export was not written."""

    def __init__(self, scope: FactScope, decision: Decision) -> None:
        super().__init__(f"{scope.agency}/{scope.register}: {decision.reason}")
        self.scope = scope
        self.decision = decision


class UnknownExporter(LookupError):
    """``--as`` names no active user, or the host identity is taken by another kind of user."""


def host_user_name() -> str:
    """The operating-system account running the command (uid when it has no name)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return f"uid{os.getuid()}"


def host_agency() -> str:
    agency = os.environ.get(HOST_AGENCY_VARIABLE, "").strip() or UNNAMED_HOST_AGENCY
    if agency != UNNAMED_HOST_AGENCY and agency not in KNOWN_AGENCIES:
        raise UnknownExporter(f"{HOST_AGENCY_VARIABLE}={agency!r} is not a known agency")
    return agency


def exporter(*, as_user: str | None, host_user: str) -> User:
    """The user an export runs as: the named user, or the host's store operator."""
    if as_user:
        user = User.objects.filter(username=as_user, is_active=True).first()
        if user is None:
            raise UnknownExporter(f"no active user {as_user!r}")
        return user
    return host_operator(host_user)


def host_operator(host_user: str) -> User:
    """``<host_user>@host`` with the store-operator role, created (audited) on first use and
    moved to the configured host agency when that changes."""
    username, agency = f"{host_user}{HOST_SUFFIX}", host_agency()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        if user is not None and list(user.roles) != [Role.STORE_OPERATOR.value]:
            raise UnknownExporter(f"user {username!r} exists and is not a store operator")
        if user is not None and user.agency == agency and user.is_active:
            return user
        if user is None:
            user = User(username=username, roles=[Role.STORE_OPERATOR.value])
            user.set_unusable_password()  # never signs in: exists to be named in the records
        user.agency, user.centre = agency, ""
        user.is_active = True
        user.full_clean()
        user.save()
        audit_record(
            UserChanged(
                actor=username,
                username=username,
                user_agency=agency,
                roles=(Role.STORE_OPERATOR.value,),
            )
        )
    return user


@dataclass(frozen=True)
class ExportOrder:
    """One export: which, into which file, for which purpose, drawn from which registers."""

    export: str
    out: Path
    purpose: str
    scopes: Sequence[FactScope]
    host_user: str


def export_write(*, user: User, order: ExportOrder, write: Callable[[Path], int]) -> int:
    """Write the export through the gateway, whole or not at all; the number of rows.

    The rows go to a file beside ``order.out`` that replaces it only once the audit event
    and the ledger entries are committed; a refusal or failure leaves ``order.out`` as it was.
    """
    staged = order.out.with_name(f".{order.out.name}.partial")
    if not any(s.classification is not Classification.OPEN for s in order.scopes):
        rows = write(staged)  # no confidential register: nothing to decide or record
        staged.replace(order.out)
        return rows
    request = ReadRequest(
        order.scopes,
        order.purpose,
        channel="cli",
        whole=True,
        kind=AccessKind.EXPORT,
        describe=partial(_describe, order),
    )
    try:
        outcome = read_facts(user=user, request=request, load=lambda shown: write(staged))
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    if outcome.value is None:
        raise ExportRefused(*_first_refusal(outcome.decisions))
    staged.replace(order.out)
    return outcome.value


def _describe(order: ExportOrder, rows: int | None) -> dict[str, str | int]:
    """The audit event's detail: the export, its file, the host account, rows if written."""
    detail: dict[str, str | int] = {
        "export": order.export,
        "output": str(order.out.resolve()),
        "host_user": order.host_user,
    }
    if rows is not None:
        detail["rows"] = rows
    return detail


def _first_refusal(decisions: Mapping[FactScope, Decision]) -> tuple[FactScope, Decision]:
    """The policy's own refusal, not one of the scopes withheld along with it."""
    refused = [(s, d) for s, d in decisions.items() if not d.allowed]
    own = [(s, d) for s, d in refused if not d.reason.startswith(WITHHELD_ALONG)]
    return (own or refused)[0]
