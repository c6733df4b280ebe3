"""Writes of the workbench: an analyst's decision on an identity link, audited with it."""

from __future__ import annotations

from django.db import transaction

from akrim.domain.audit_events import LinkDecided
from akrim.pipelines import workbench as wb
from akrim.web.accounts.models import User
from akrim.web.audit.services import audit_record


def link_decision_record(
    *, user: User, store: wb.WorkbenchStore, decision: wb.LinkDecision, entity: str = ""
) -> None:
    """Audit the decision and write it to the store, in one transaction: the audit entry
    rolls back if the store refuses the write. It takes effect on the next analysis run."""
    with transaction.atomic():
        audit_record(
            LinkDecided(
                actor=user.username,
                agency=user.agency,
                entity_kind=decision.entity_kind,
                entity_id=entity,
                left=decision.left,
                right=decision.right,
                verdict=decision.verdict,
                note=decision.note,
            )
        )
        wb.decide_link(store, decision)
