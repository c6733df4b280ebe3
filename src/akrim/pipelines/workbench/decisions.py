"""An analyst's verdict on a link from the workbench: the same decision ``akrim link
confirm|reject`` records (``akrim.engines.resolution.decisions``), written through the
store handle's writer so that the server's readers pause rather than fail."""

from __future__ import annotations

from dataclasses import dataclass

from akrim.engines.resolution.decisions import MentionRef, Verdict, record_decision
from akrim.pipelines.workbench.connection import WorkbenchStore


@dataclass(frozen=True, slots=True)
class LinkDecision:
    entity_kind: str
    left: str
    right: str
    verdict: str
    analyst: str
    note: str


def parse_link_decision(
    entity_kind: str, left: str, right: str, verdict: str, analyst: str, note: str = ""
) -> LinkDecision:
    """Check a decision before anything is written; ValueError with a one-line reason."""
    if entity_kind not in ("person", "company"):
        raise ValueError(f"entity kind must be person or company, not {entity_kind!r}")
    try:
        Verdict(verdict)
    except ValueError:
        raise ValueError(f"verdict must be confirm or reject, not {verdict!r}") from None
    a, b = MentionRef.parse(left), MentionRef.parse(right)
    if a == b:
        raise ValueError("a link needs two different mentions")
    return LinkDecision(entity_kind, str(a), str(b), verdict, analyst, note.strip())


def decide_link(store: WorkbenchStore, decision: LinkDecision) -> None:
    """Store the verdict; it takes effect on the next ``akrim analyse``."""
    with store.writer() as backend:
        record_decision(
            backend,
            decision.entity_kind,
            MentionRef.parse(decision.left),
            MentionRef.parse(decision.right),
            Verdict(decision.verdict),
            decision.analyst,
            decision.note,
        )
