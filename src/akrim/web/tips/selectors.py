"""Reads on tips and who may make them.

A tip is addressed by the reporter to the centre that covers the workplace's county (the
joint centre, not one of its agencies): it is the receiving centre's confidential data. The
centre's analysts and managers (policy action ``tip.triage``) of any of its agencies read and
triage it; users of other centres do not, whatever their role. Tips whose county the reporter
did not know go to national triage (users without a centre). Opening a tip's contents is
audited as a read (``tip.read``); the list shows no narrative and no contact details.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext

from akrim.domain.audit_events import TipRead
from akrim.pipelines.workbench.regions import CENTRE_COUNTIES
from akrim.web.accounts.models import User
from akrim.web.audit.services import audit_record
from akrim.web.sharing.policy import Refused, current_policy
from akrim.web.tips.models import Tip

TRIAGE_ACTION = "tip.triage"


def tip_centre_for_county(county: str) -> str:
    """The centre covering a county number; empty (national triage) when unknown."""
    for centre, counties in CENTRE_COUNTIES.items():
        if county in counties:
            return centre
    return ""


def triager(user: User, tip: Tip) -> bool:
    """May ``user`` read and triage ``tip``: a triage role in the receiving centre."""
    allowed = current_policy().may(user.actor(), TRIAGE_ACTION).allowed
    return allowed and user.is_active and (user.centre or "") == tip.centre


def require_tip_access(user: User, tip: Tip) -> None:
    decision = current_policy().may(user.actor(), TRIAGE_ACTION)
    if not decision.allowed:
        raise Refused(decision)
    if (user.centre or "") != tip.centre:
        raise PermissionError(gettext("the tip was sent to another centre"))


def tips_for_triage(*, user: User, state: str = "") -> QuerySet[Tip]:
    """The tips of the user's centre (none without the triage role), newest first."""
    decision = current_policy().may(user.actor(), TRIAGE_ACTION)
    if not decision.allowed:
        raise Refused(decision)
    tips = Tip.objects.filter(centre=user.centre or "").select_related("assigned_to")
    return tips.filter(state=state) if state else tips


def tip_read(*, user: User, tip_id: int) -> Tip:
    """A tip with its contents, for a user who may read it; the read is audited."""
    tip = Tip.objects.filter(pk=tip_id).first()
    if tip is None:
        raise LookupError(f"no tip {tip_id}")
    require_tip_access(user, tip)
    with transaction.atomic():
        audit_record(
            TipRead(actor=user.username, agency=user.agency, tip_id=tip.pk, centre=tip.centre)
        )
    return tip


def triagers_of(tip: Tip) -> list[User]:
    """Who the tip can be assigned to."""
    users = User.objects.filter(centre=tip.centre, is_active=True).order_by("username")
    return [u for u in users if triager(u, tip)]
