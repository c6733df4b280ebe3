"""Reads on sharing: the disclosure ledger, and its report per agency and period."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from akrim.web.sharing.models import Disclosure


@dataclass(frozen=True)
class LedgerLine:
    direction: str  # "sent" (the agency's facts shown to another) or "received"
    counterpart: str
    provision: str
    purpose: str
    disclosures: int


def disclosures_between(*, agency: str, start: datetime, end: datetime) -> QuerySet[Disclosure]:
    return (
        Disclosure.objects.filter(Q(from_agency=agency) | Q(to_agency=agency))
        .filter(at__gte=start, at__lt=end)
        .select_related("user", "case")
        .order_by("at", "id")
    )


def disclosure_report(*, agency: str, start: datetime, end: datetime) -> list[LedgerLine]:
    """Disclosures by and to ``agency`` in [start, end), counted per counterpart and basis."""
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for d in disclosures_between(agency=agency, start=start, end=end):
        if d.from_agency == agency:
            counts[("sent", d.to_agency, d.provision, d.purpose)] += 1
        if d.to_agency == agency:
            counts[("received", d.from_agency, d.provision, d.purpose)] += 1
    return [LedgerLine(*key, n) for key, n in sorted(counts.items())]
