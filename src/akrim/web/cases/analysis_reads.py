"""What the case pages take from the workbench read model: a threat actor's members to
prefill a nomination, indicators and a network summary for the report (the joint analysis
product), and register facts about a subject, which only ever load inside ``read_facts``
(through `akrim.web.cases.material.facts_collect`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from django.conf import settings

from akrim.domain.access import FactScope
from akrim.pipelines import workbench as wb
from akrim.web.accounts.models import User
from akrim.web.cases.material import FactRow, facts_collect
from akrim.web.cases.models import Case, CaseSubject
from akrim.web.cases.reports import IndicatorLine
from akrim.web.cases.services import SubjectSpec
from akrim.web.sharing.gateway import ReadOutcome

STORE_ERRORS = (wb.StoreBusy, wb.StoreMissing)
FIELDS_IN_STATEMENT = 8  # enough columns to read a record; the provenance names the rest


def _store() -> wb.WorkbenchStore:
    return wb.workbench_store(settings.STORE)


def actor_subjects(actor_id: str) -> tuple[str, list[SubjectSpec]]:
    """A priority's threat actor as case subjects: the network and its member companies."""
    with _store().reader() as backend:
        found = wb.actor(backend, actor_id)
    if found is None:
        raise LookupError(f"no threat actor {actor_id!r} in the priorities")
    members = [SubjectSpec(m.orgnr, CaseSubject.Kind.COMPANY, m.label) for m in found.members]
    title = f"Threat actor {actor_id} (rank {found.rank}, score {found.score:.1f})"
    return title, [SubjectSpec(actor_id, CaseSubject.Kind.NETWORK, title), *members]


def report_inputs(case: Case) -> tuple[list[IndicatorLine], str]:
    """Indicators with their explanations for each company subject, and a summary of each
    network subject, from the analysed store."""
    indicators: list[IndicatorLine] = []
    summaries: list[str] = []
    with _store().reader() as backend:
        for subject in case.subjects.all():
            if subject.kind == CaseSubject.Kind.COMPANY:
                explained = wb.score_explanation(backend, subject.subject)
                indicators += [
                    IndicatorLine(subject.subject, line.indicator, line.points, line.rationale)
                    for line in explained.lines
                ]
            elif subject.kind == CaseSubject.Kind.NETWORK:
                found = wb.actor(backend, subject.subject)
                if found is not None:
                    summaries.append(_network_summary(found))
    return indicators, "\n\n".join(summaries)


def _network_summary(found: wb.Actor) -> str:
    members = ", ".join(f"{m.label or '(no name)'} ({m.orgnr})" for m in found.members)
    strongest = ", ".join(f"{i.code} {i.points:.1f}" for i in found.indicators[:5])
    return (
        f"Threat actor {found.actor_id}: rank {found.rank}, score {found.score:.1f}. "
        f"{len(found.members)} companies: {members}. {found.persons} persons. "
        f"Strongest indicators: {strongest or 'none'}."
    )


def subject_scopes(subject: CaseSubject) -> tuple[str, list[FactScope]]:
    """The resolved entity behind a subject and the register scopes to ask the gateway for."""
    with _store().reader() as backend:
        if subject.kind == CaseSubject.Kind.COMPANY:
            ref = wb.company(backend, subject.subject)
            files = wb.files_mentioning("company")
        elif subject.kind == CaseSubject.Kind.PERSON:
            ref = wb.person(backend, subject.subject)
            files = wb.files_mentioning("person")
        else:
            raise ValueError(f"register facts are read per company or person, not {subject.kind}")
    if ref is None:
        raise LookupError(f"{subject.subject} is not in the analysed store")
    return ref.entity_id, wb.scopes_for(files, subject.subject)


def collect_subject_facts(
    *, user: User, case: Case, subject: CaseSubject, proportionality_note: str | None
) -> ReadOutcome[Sequence[FactRow]]:
    """Collect a subject's register facts onto the case through the gateway (read_facts
    decides and audits; the loader below runs only with the allowed scopes)."""
    entity_id, scopes = subject_scopes(subject)

    def load(allowed: Sequence[FactScope]) -> list[FactRow]:
        with _store().reader() as backend:
            found = wb.entity_facts(backend, entity_id, allowed)
        return [row for register in found for row in _fact_rows(register)]

    return facts_collect(
        user=user,
        case=case,
        subject=subject.subject,
        scopes=scopes,
        load=load,
        proportionality_note=proportionality_note,
    )


def _fact_rows(register: wb.RegisterFacts) -> list[FactRow]:
    return [
        FactRow(
            agency=register.agency,
            register=register.register,
            statement="; ".join(
                f"{column}={value}"
                for column, value in record.fields[:FIELDS_IN_STATEMENT]
                if value
            ),
            provenance={**asdict(record.provenance), "date": _fact_date(record.fields)},
        )
        for record in register.records
    ]


def _fact_date(fields: tuple[tuple[str, str], ...]) -> str:
    """The record's own date (the first date column with a value), for the report's timeline."""
    return next((value[:10] for column, value in fields if value and _is_date_column(column)), "")


def _is_date_column(column: str) -> bool:
    """Dates of events (filed, issued, registered, started ...), not birth or expiry dates."""
    if "birth" in column or column in ("expiry_date", "end_date", "to_date"):
        return False
    return column in ("date", "period") or column.endswith("_date")
