"""Writes on tips: receive from the public form (with a receipt code shown once), add
information by receipt code, and triage (assign, set state, link, nominate a case), each in
one transaction with its audit event."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from akrim.domain.audit_events import RetentionPurged, TipReceived, TipSupplemented, TipTriaged
from akrim.web.accounts.models import User
from akrim.web.audit.services import audit_record
from akrim.web.cases.models import Case
from akrim.web.cases.services import SubjectSpec, case_nominate
from akrim.web.sharing.policy import current_policy
from akrim.web.tips.models import Tip, TipAddition, TipAttempt, TipLink, TipStateChange
from akrim.web.tips.selectors import require_tip_access, tip_centre_for_county, triager

# Crockford's base32: no I, L, O, U, so a code read aloud or copied by hand survives.
RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_LENGTH = 20  # 100 bits
# Per connection and hour: the public form and the receipt page each.
ATTEMPTS_PER_HOUR = {"submit": 5, "receipt": 10}
MAX_TEXT = 10_000
LINK_KINDS = frozenset({"company", "person", "network"})
S = Tip.State
# Where triage may move a tip by hand (nominated is reached only by nominating a case).
MOVES: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.TRIAGED, S.LINKED, S.DISMISSED}),
    S.TRIAGED: frozenset({S.LINKED, S.DISMISSED}),
    S.LINKED: frozenset({S.TRIAGED, S.DISMISSED}),
    S.DISMISSED: frozenset({S.TRIAGED}),
    S.NOMINATED: frozenset(),
}


class Throttled(Exception):
    """Too many uses of the public pages from one connection."""


@dataclass(frozen=True)
class TipInput:
    language: str
    reporter_kind: str
    categories: tuple[str, ...]
    description: str
    county: str = ""
    company_name: str = ""
    orgnr: str = ""
    workplace: str = ""
    occurred: str = ""
    anonymous: bool = True
    contact: str = ""


def receipt_code_new() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return "-".join(raw[i : i + 5] for i in range(0, RECEIPT_LENGTH, 5))


def receipt_hash(code: str) -> str:
    """The stored form of a code, after the normalisation a hand-copied code needs."""
    cleaned = code.upper().replace("-", "").replace(" ", "")
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    return hashlib.sha256(cleaned.encode("ascii", "replace")).hexdigest()


def client_key(address: str) -> str:
    """A keyed hash of the connection's address: the throttle needs no address stored."""
    key = str(settings.SECRET_KEY).encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def throttle(client: str, kind: str) -> None:
    """Count this use; raise when the connection used the page too often in the last hour."""
    now = timezone.now()
    with transaction.atomic():
        TipAttempt.objects.filter(at__lt=now - timedelta(days=1)).delete()
        recent = TipAttempt.objects.filter(
            client=client, kind=kind, at__gte=now - timedelta(hours=1)
        ).count()
        if recent >= ATTEMPTS_PER_HOUR[kind]:
            raise Throttled(kind)
        TipAttempt.objects.create(client=client, kind=kind)


def tip_submit(*, data: TipInput) -> tuple[Tip, str]:
    """Keep the tip; return it and its receipt code (shown once, only its hash is kept)."""
    code = receipt_code_new()
    anonymous = data.anonymous or not data.contact.strip()
    with transaction.atomic():
        tip = Tip.objects.create(
            centre=tip_centre_for_county(data.county),
            language=data.language,
            reporter_kind=data.reporter_kind,
            anonymous=anonymous,
            contact="" if anonymous else data.contact.strip()[:200],
            company_name=data.company_name.strip()[:200],
            orgnr=data.orgnr.strip(),
            workplace=data.workplace.strip()[:300],
            county=data.county,
            categories=sorted(set(data.categories)),
            description=data.description.strip()[:MAX_TEXT],
            occurred=data.occurred.strip()[:100],
            receipt_hash=receipt_hash(code),
        )
        audit_record(
            TipReceived(
                actor="public",
                tip_id=tip.pk,
                centre=tip.centre,
                categories=tuple(tip.categories),
                anonymous=anonymous,
            )
        )
    return tip, code


def tip_supplement(*, code: str, text: str) -> Tip | None:
    """Add the reporter's information to the tip the code belongs to; None if no tip does."""
    tip = Tip.objects.filter(receipt_hash=receipt_hash(code)).first()
    if tip is None or not text.strip():
        return None
    with transaction.atomic():
        TipAddition.objects.create(tip=tip, text=text.strip()[:MAX_TEXT])
        audit_record(TipSupplemented(actor="public", tip_id=tip.pk))
    return tip


def _event(user: User, tip: Tip, change: str, **fields: str) -> None:
    audit_record(
        TipTriaged(actor=user.username, agency=user.agency, tip_id=tip.pk, change=change, **fields)
    )


def _move(user: User, tip: Tip, to: str, reason: str) -> None:
    TipStateChange.objects.create(
        tip=tip, from_state=tip.state, to_state=to, reason=reason, by=user
    )
    _event(user, tip, "state", from_state=tip.state, to_state=to, reason=reason)
    tip.state, tip.state_reason = to, reason
    tip.save(update_fields=["state", "state_reason"])


def tip_set_state(*, user: User, tip: Tip, state: str, reason: str = "") -> Tip:
    require_tip_access(user, tip)
    if state not in MOVES[tip.state]:
        allowed = ", ".join(sorted(MOVES[tip.state])) or gettext("none (the tip nominated a case)")
        raise ValueError(
            gettext("a %(state)s tip can move to: %(allowed)s")
            % {"state": tip.state, "allowed": allowed}
        )
    if state == S.DISMISSED and not reason.strip():
        raise ValueError(gettext("say why the tip is dismissed"))
    with transaction.atomic():
        _move(user, tip, state, reason.strip())
    return tip


def tip_assign(*, user: User, tip: Tip, assignee: User | None) -> Tip:
    require_tip_access(user, tip)
    if assignee is not None and not triager(assignee, tip):
        raise ValueError(
            gettext("%(user)s does not triage tips of this centre") % {"user": assignee.username}
        )
    with transaction.atomic():
        tip.assigned_to = assignee
        tip.save(update_fields=["assigned_to"])
        _event(user, tip, "assign", assignee=assignee.username if assignee else "")
    return tip


def tip_link(*, user: User, tip: Tip, entity_kind: str, entity_id: str, label: str = "") -> Tip:
    """Link the tip to a company (org number), a person (resolved entity) or a threat actor; a
    new or triaged tip becomes linked."""
    require_tip_access(user, tip)
    if entity_kind not in LINK_KINDS or not entity_id.strip():
        raise ValueError(gettext("link a company, a person or a network (threat-actor id)"))
    if tip.state in {S.NOMINATED, S.DISMISSED}:
        raise ValueError(gettext("a %(state)s tip takes no new links") % {"state": tip.state})
    with transaction.atomic():
        TipLink.objects.get_or_create(
            tip=tip,
            entity_kind=entity_kind,
            entity_id=entity_id.strip(),
            defaults={"label": label[:200], "linked_by": user},
        )
        _event(user, tip, "link", entity=f"{entity_kind}:{entity_id.strip()}")
        if tip.state in {S.NEW, S.TRIAGED}:
            _move(user, tip, S.LINKED, "linked to an entity")
    return tip


def tip_nominate(*, user: User, tip: Tip, title: str, purpose: str, provision: str = "s3") -> Case:
    """Open a case (source: tip) on the tip's linked entities; the tip becomes nominated."""
    require_tip_access(user, tip)
    if tip.state != S.LINKED:
        raise ValueError(gettext("link the tip to at least one entity before nominating a case"))
    subjects = [
        SubjectSpec(link.entity_id, link.entity_kind, link.label) for link in tip.links.all()
    ]
    with transaction.atomic():
        case = case_nominate(
            user=user,
            title=title,
            subjects=subjects,
            purpose=purpose,
            provision=provision,
            source="tip",
            source_ref=str(tip.pk),
            description=", ".join(tip.categories),
        )
        tip.case_id = case.pk
        tip.save(update_fields=["case_id"])
        _move(user, tip, S.NOMINATED, f"case {case.pk}")
    return case


def stale_tips(now: datetime | None = None) -> QuerySet[Tip]:
    """Tips past the retention of confidential data (the policy's ``[retention]``
    ``confidential`` days) that led nowhere: dismissed, or never triaged. Tips linked to
    entities or that nominated a case stay while the case material does; the case keeps its
    own retention."""
    days = current_policy().retention_days["confidential"]
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return Tip.objects.filter(received_at__lt=cutoff, state__in=[S.NEW, S.DISMISSED])


def stale_tips_delete(now: datetime | None = None) -> int:
    """Delete the stale tips and the throttle's old attempts; the number of tips deleted.
    The caller audits (the data-protection purge run does, with its own log)."""
    stale = stale_tips(now)
    count = stale.count()
    stale.delete()
    days = current_policy().retention_days["confidential"]
    TipAttempt.objects.filter(at__lt=(now or timezone.now()) - timedelta(days=days)).delete()
    return count


def tip_retention_purge(*, by: str = "system", now: datetime | None = None) -> int:
    """Delete stale tips on their own (outside a full purge run); audited as a purge."""
    with transaction.atomic():
        count = stale_tips_delete(now)
        audit_record(RetentionPurged(actor=by, removed={"tips": count}))
    return count
