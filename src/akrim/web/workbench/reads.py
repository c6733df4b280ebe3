"""The workbench's reads of register facts, each one call of the read gateway.

Every function asks the gateway about one scope per register the page may show (all of
them, not only those that hold something on the subject, so that a withheld line never
reveals that a record exists), with the working context's purpose and case, and passes a
read-model function of ``akrim.pipelines.workbench`` as the loader: the loader sees only
the allowed scopes. One page view is one read, hence one audit event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from akrim.domain.access import Decision, FactScope, Requirement
from akrim.domain.registers import RegisterFile
from akrim.pipelines import workbench as wb
from akrim.web.accounts.models import User
from akrim.web.sharing.gateway import ReadOutcome, ReadRequest, read_facts
from akrim.web.workbench.context import WorkingContext

T = TypeVar("T")


def _memo(key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """A loader's result for the same allowed scopes on an unchanged store: the gateway still
    decides and audits every read; only the store is not asked twice."""
    return wb.workbench_store(settings.STORE).cached(key, compute)


@dataclass(frozen=True, slots=True)
class Withheld:
    """A register the user may not see here, why, and how to ask for it lawfully."""

    register: str
    agency: str
    classification: str
    reason: str
    remedy: str
    unmet: str
    subject: str


@dataclass(frozen=True, slots=True)
class FactsView(Generic[T]):
    value: T | None
    withheld: tuple[Withheld, ...]
    audit_seq: int | None


REMEDIES: dict[Requirement | None, str | Promise] = {
    Requirement.PURPOSE: _("Declare a purpose in the working context bar."),
    Requirement.OPEN_CASE: _("Open a case on {subject}, or choose one in the working context bar."),
    Requirement.CASE_IN_SCOPE: _("Choose a case of your own centre in the working context bar."),
    Requirement.SUBJECT_IN_CASE: _("Add {subject} as a subject of the case."),
    Requirement.PROPORTIONALITY: _("Record a proportionality note on the case (form below)."),
    Requirement.OWNER_IN_CASE: _("Ask the case owner to let {agency} take part in the case."),
    Requirement.LISTED_SENDER: _("The regulation does not list {agency} as a body that may share."),
    Requirement.LISTED_RECEIVER: _("The regulation does not list your agency as a receiver."),
    None: _("Your role does not read these facts; ask a colleague whose role does."),
}


def _remedy(decision: Decision, scope: FactScope) -> str:
    template = str(REMEDIES.get(decision.unmet, REMEDIES[None]))
    return template.format(subject=scope.subject or "", agency=scope.agency)


def _read(
    user: User,
    context: WorkingContext,
    files: Sequence[RegisterFile],
    subject: str,
    load: Callable[[Sequence[FactScope]], T],
) -> FactsView[T]:
    request = ReadRequest(
        scopes=wb.scopes_for(files, subject),
        purpose=context.purpose or None,
        case_id=context.case_id or None,
        channel=context.channel,
        subject=subject,
    )
    outcome: ReadOutcome[T] = read_facts(user=user, request=request, load=load)
    withheld = tuple(
        Withheld(
            register=scope.register,
            agency=scope.agency,
            classification=str(scope.classification),
            reason=decision.reason,
            remedy=_remedy(decision, scope),
            unmet=str(decision.unmet or ""),
            subject=subject,
        )
        for scope, decision in outcome.withheld.items()
    )
    return FactsView(outcome.value, withheld, outcome.audit_seq)


def entity_page_facts(
    user: User, context: WorkingContext, backend: wb.Backend, entity: wb.EntityRef
) -> FactsView[tuple[wb.RegisterFacts, ...]]:
    """Every register's records about a company or person."""
    return _read(
        user,
        context,
        wb.files_mentioning(entity.kind),
        entity.key,
        lambda allowed: _memo(
            ("entity_facts", entity.entity_id, tuple(allowed)),
            lambda: wb.entity_facts(backend, entity.entity_id, allowed),
        ),
    )


@dataclass(frozen=True, slots=True)
class NetworkFacts:
    graph: wb.Graph
    timeline: tuple[wb.TimelineEvent, ...]


def network(
    user: User, context: WorkingContext, backend: wb.Backend, actor: wb.Actor
) -> FactsView[NetworkFacts]:
    """The actor's graph and timeline, in one read."""
    orgnrs = [m.orgnr for m in actor.members]
    return _read(
        user,
        context,
        wb.network_files(),
        actor.actor_id,
        lambda allowed: _memo(
            ("network", actor.actor_id, tuple(allowed)),
            lambda: NetworkFacts(
                wb.actor_graph(backend, actor.actor_id, allowed),
                wb.timeline(backend, orgnrs, allowed),
            ),
        ),
    )


def expand(
    user: User, context: WorkingContext, backend: wb.Backend, actor: wb.Actor, node: str
) -> FactsView[wb.Graph]:
    members = [m.orgnr for m in actor.members]
    return _read(
        user,
        context,
        wb.network_files(),
        actor.actor_id,
        lambda allowed: _memo(
            ("neighbours", actor.actor_id, node, tuple(allowed)),
            lambda: wb.neighbours(backend, node, allowed, members),
        ),
    )


def edge(
    user: User, context: WorkingContext, backend: wb.Backend, actor_id: str, edge_id: str
) -> FactsView[tuple[wb.FactRecord, ...]]:
    source_file = edge_id.rsplit(wb.EDGE_SEPARATOR, 1)[-1]
    files = [f for f in wb.network_files() if f.path == source_file]
    if not files:
        raise ValueError(f"{edge_id!r} is not an edge of the network view")
    return _read(
        user,
        context,
        files,
        actor_id,
        lambda allowed: _memo(
            ("edge", edge_id, tuple(allowed)),
            lambda: wb.edge_evidence(backend, edge_id, allowed),
        ),
    )


def score_evidence(
    user: User, context: WorkingContext, backend: wb.Backend, explanation: wb.ScoreExplanation
) -> FactsView[dict[tuple[str, str], wb.FactRecord]]:
    """The records behind a company's score contributions."""
    paths = {path for line in explanation.lines for path, _ in line.evidence}
    files = [f for f in wb.REGISTER_FILES if f.path in paths]
    return _read(
        user,
        context,
        files,
        explanation.subject,
        lambda allowed: _memo(
            ("company_evidence", explanation.subject, tuple(allowed)),
            lambda: wb.company_evidence(backend, explanation.subject, allowed),
        ),
    )


def vehicle(
    user: User, context: WorkingContext, backend: wb.Backend, reg_no: str
) -> FactsView[tuple[wb.SearchHit, ...]]:
    return _read(
        user,
        context,
        [wb.VEHICLE_FILE],
        reg_no.upper().replace(" ", ""),
        lambda allowed: wb.vehicle_owners(backend, reg_no, allowed),
    )


def address_residents(
    user: User, context: WorkingContext, backend: wb.Backend, address: str
) -> FactsView[tuple[wb.SearchHit, ...]]:
    """Persons registered at an address, from the population register."""
    return _read(
        user,
        context,
        [wb.RESIDENCE_FILE],
        " ".join(address.split()).lower(),
        lambda allowed: wb.residents(backend, address, allowed),
    )
