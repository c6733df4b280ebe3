"""Writes on sharing: strategic releases through disclosure control, recorded and audited."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction

from akrim.domain.access import AccessKind, AccessRequest, FactScope
from akrim.domain.audit_events import AggregateReleased
from akrim.domain.disclosure_control import (
    CountTable,
    Release,
    ReleasedCell,
    protect,
    register_entries,
)
from akrim.web.accounts.models import User
from akrim.web.audit.services import audit_record
from akrim.web.sharing.models import Disclosure, ReleasedCellRecord, StrategicRelease
from akrim.web.sharing.policy import Refused, current_policy


def contributor_key(identity: str) -> str:
    """A keyed hash of a contributor: the register can compare, but not name, contributors."""
    key = str(settings.AKRIM_AUDIT_KEY).encode("utf-8")
    return hmac.new(key, identity.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def aggregate_release(
    *,
    user: User,
    table: CountTable,
    scopes: Sequence[FactScope],
    purpose: str,
    population: str,
    k: int | None = None,
) -> Release:
    """Release a count table to a strategic user: policy, disclosure control against every
    earlier release of the same population, register, ledger and audit in one transaction."""
    policy, actor = current_policy(), user.actor()
    for scope in scopes:
        decision = policy.decide(
            AccessRequest(
                actor,
                scope,
                AccessKind.AGGREGATE,
                purpose=purpose,
                disclosure_controlled=True,
            )
        )
        if not decision.allowed:
            raise Refused(decision)
    hashed = CountTable(
        table.name,
        table.rows,
        table.cols,
        {key: frozenset(map(contributor_key, who)) for key, who in table.contributors.items()},
    )
    threshold = k or int(settings.AKRIM_DISCLOSURE_K)
    with transaction.atomic():
        register = _register_cells(population)
        release = protect(hashed, k=threshold, register=register)
        _record(user, hashed, release, population, purpose, scopes)
    return release


def _register_cells(population: str) -> list[ReleasedCell]:
    rows = ReleasedCellRecord.objects.filter(release__population=population).select_related(
        "release"
    )
    return [ReleasedCell(r.release.name, (r.row, r.col), frozenset(r.contributors)) for r in rows]


def _record(
    user: User,
    table: CountTable,
    release: Release,
    population: str,
    purpose: str,
    scopes: Sequence[FactScope],
) -> None:
    stored = StrategicRelease.objects.create(
        name=table.name,
        population=population,
        k=release.k,
        values=[[r, c, v] for (r, c), v in sorted(release.values.items())],
        user=user,
    )
    ReleasedCellRecord.objects.bulk_create(
        [
            ReleasedCellRecord(
                release=stored,
                row=cell.key[0],
                col=cell.key[1],
                contributors=sorted(cell.contributors),
                published=cell.published,
            )
            for cell in register_entries(table, release)
        ]
    )
    entry = audit_record(
        AggregateReleased(
            actor=user.username,
            agency=user.agency,
            purpose=purpose,
            table=table.name,
            k=release.k,
            cells=len(release.values),
            suppressed=len(release.suppressed),
        )
    )
    Disclosure.objects.bulk_create(
        [
            Disclosure(
                from_agency=scope.agency,
                to_agency=user.agency,
                provision=current_policy().provisions.get("strategic", "strategic"),
                purpose=purpose,
                register=scope.register,
                categories=["aggregate", *scope.categories],
                user=user,
                audit_seq=entry.seq,
            )
            for scope in scopes
            if scope.agency != user.agency
        ]
    )
