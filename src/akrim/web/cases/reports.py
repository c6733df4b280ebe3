"""The analysis report: drafted from the case material, edited into new versions, submitted,
and decided by the steering group. One transaction each, with its audit event."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from akrim.domain import case_workflow as wf
from akrim.domain.audit_events import ReportDrafted, SteeringDecided
from akrim.web.accounts.models import User
from akrim.web.audit.services import audit_record
from akrim.web.cases.models import Case, Report, SteeringDecision
from akrim.web.cases.selectors import report_current
from akrim.web.cases.services import case_transition_recording
from akrim.web.sharing.policy import require

SECTION_HEADINGS = {
    "summary": "Summary",
    "network": "The network",
    "assessment": "Assessment",
    "open_sources": "Open sources",
    "recommendation": "Recommended measures",
}


@dataclass(frozen=True)
class IndicatorLine:
    """An indicator that fired for a subject, with its points and the plain explanation."""

    subject: str
    indicator: str
    points: float
    why: str


def report_draft(
    *,
    user: User,
    case: Case,
    indicators: Sequence[IndicatorLine] = (),
    network_summary: str = "",
) -> Report:
    """A new report version drafted from the case material (facts with provenance, notes,
    open-source findings, history) plus the read model's indicators and network summary."""
    _require_drafting(user, case)
    sections = [
        {"key": key, "heading": heading, "text": text}
        for (key, heading), text in zip(
            SECTION_HEADINGS.items(), _drafted_texts(case, network_summary), strict=True
        )
    ]
    return _save_version(
        user,
        case,
        title=f"Analysis report: {case.title}",
        sections=sections,
        indicators=[asdict(i) for i in indicators],
        timeline=_timeline(case),
        facts=_facts(case),
        drafted_from="material",
    )


def report_edit(
    *, user: User, case: Case, sections: Mapping[str, str], title: str | None = None
) -> Report:
    """A new version with edited section texts; indicators, timeline and facts carry over
    unchanged (their provenance is not the analyst's to edit)."""
    _require_drafting(user, case)
    current = report_current(case=case)
    if current is None:
        raise ValueError("draft the report from the case material first")
    edited = [{**s, "text": sections.get(s["key"], s["text"])} for s in current.sections]
    return _save_version(
        user,
        case,
        title=(title or current.title).strip(),
        sections=edited,
        indicators=current.indicators,
        timeline=current.timeline,
        facts=current.facts,
        drafted_from="edit",
    )


def _require_drafting(user: User, case: Case) -> None:
    require(user.actor(), "case.analyse")
    if case.state not in wf.ANALYSIS_STATES:
        raise ValueError(f"case {case.pk} is {case.state}: the report is no longer edited")


def _save_version(user: User, case: Case, *, drafted_from: str, **content: Any) -> Report:
    with transaction.atomic():
        current = report_current(case=case)
        report = Report.objects.create(
            case=case,
            version=(current.version + 1) if current else 1,
            authored_by=user,
            **content,
        )
        audit_record(
            ReportDrafted(
                actor=user.username,
                agency=user.agency,
                purpose=case.purpose,
                case_id=str(case.pk),
                version=report.version,
                drafted_from=drafted_from,
            )
        )
    return report


def _drafted_texts(case: Case, network_summary: str) -> list[str]:
    subjects = ", ".join(
        f"{s.label} ({s.subject})" if s.label else s.subject for s in case.subjects.all()
    )
    notes = "\n\n".join(n.text for n in case.notes.all())
    osint = "\n".join(
        f"- {f.title}: {f.summary}" + (f" ({f.source_url})" if f.source_url else "")
        for f in case.osint_findings.all()
    )
    agencies = sorted({f.agency for f in case.facts.all()})
    summary = (
        f"Case {case.pk} ({case.get_source_display().lower()} nomination) concerns {subjects}. "
        f"Purpose: {case.purpose}, under provision {case.provision}. "
        f"Register facts from {', '.join(agencies) or 'no agency yet'}."
    )
    return [summary, network_summary, notes, osint, ""]


def _timeline(case: Case) -> list[dict[str, str]]:
    events = [{"date": case.opened_at.date().isoformat(), "event": "Case nominated"}]
    events += [
        {"date": c.at.date().isoformat(), "event": f"Case {c.transition.replace('_', ' ')}"}
        for c in case.state_changes.all()
    ]
    events += [
        {"date": f.observed_on.isoformat(), "event": f"Open source: {f.title}"}
        for f in case.osint_findings.all()
        if f.observed_on
    ]
    events += [
        {
            "date": str(f.provenance["date"]),
            "event": f"{f.agency} / {f.register}: {_short(f.statement)}",
        }
        for f in case.facts.all()
        if f.provenance.get("date")
    ]
    return sorted(events, key=lambda e: e["date"])  # stable: same-day events keep their order


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _facts(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "subject": f.subject,
            "agency": f.agency,
            "register": f.register,
            "statement": f.statement,
            "provenance": f.provenance,
            "legal_basis": f.legal_basis,
            "audit_seq": f.audit_seq,
        }
        for f in case.facts.all()
    ]


def report_submit(*, user: User, case: Case) -> Report:
    """Submit the current version to the steering group (the workflow checks the rest)."""
    with transaction.atomic():
        report = report_current(case=case)
        case_transition_recording(user=user, case=case, name="submit_report", record="report")
        assert report is not None  # the transition needs a report
        report.submitted_by = user
        report.submitted_at = timezone.now()
        report.save(update_fields=["submitted_by", "submitted_at"])
    return report


def steering_decide(*, user: User, case: Case, outcome: str, reason: str) -> SteeringDecision:
    """Approve, return or close a submitted case; the four-eyes rule applies to approval."""
    choice = wf.SteeringOutcome(outcome)
    with transaction.atomic():
        report = report_current(case=case)
        case_transition_recording(
            user=user,
            case=case,
            name=wf.DECISION_TRANSITIONS[choice],
            reason=reason.strip(),
            record="decision",
        )
        assert report is not None  # a submitted case has a report
        decision = SteeringDecision.objects.create(
            case=case, report=report, outcome=choice, reason=reason.strip(), decided_by=user
        )
        audit_record(
            SteeringDecided(
                actor=user.username,
                agency=user.agency,
                case_id=str(case.pk),
                outcome=choice,
                reason=decision.reason,
                report_version=report.version,
            )
        )
    return decision
