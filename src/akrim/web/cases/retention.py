"""What the retention purge removes from a closed case past its retention period.

The case keeps its number (the disclosure ledger and the audit log point at it), its
states and dates, the steering outcomes and the measures with their result figures (counts
and amounts, which the results dashboard and the learning from outcomes need). Everything
that can name or describe a person or company goes: subjects, proportionality notes, notes,
attachments and their files, open-source findings, collected register facts, the report
texts, and the free text of decisions, state changes, measures, results and evaluation.
"""

from __future__ import annotations

from akrim.web.cases.models import Case

PURGED_TEXT = "(removed by the retention purge)"


def case_material_purge(case: Case) -> None:
    """Remove the case's material in place; the caller logs and audits the purge run."""
    case.subjects.all().delete()
    case.proportionality_notes.all().delete()
    case.notes.all().delete()
    for attachment in case.attachments.all():
        attachment.file.delete(save=False)
    case.attachments.all().delete()
    case.osint_findings.all().delete()
    case.facts.all().delete()
    # Decisions point at the report version they decided on, so the versions stay, empty.
    case.reports.update(title=PURGED_TEXT, sections=[], indicators=[], timeline=[], facts=[])
    case.decisions.update(reason=PURGED_TEXT)
    case.state_changes.exclude(reason="").update(reason=PURGED_TEXT)
    case.measures.update(description="", effect_note="", languages=[])
    for measure in case.measures.all():
        measure.results.exclude(findings="").update(findings=PURGED_TEXT)
    case.coordinated_actions.update(title=PURGED_TEXT, place=PURGED_TEXT)
    if hasattr(case, "evaluation"):
        case.evaluation.summary = PURGED_TEXT
        case.evaluation.save(update_fields=["summary"])
    case.description = ""
    case.source_ref = ""
    case.save(update_fields=["description", "source_ref"])
