"""The report as a PDF (fpdf2, DejaVu Sans shipped in ``fonts/`` so any machine writes every
character of Norwegian and foreign names); exporting it is audited."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from typing import Any

from django.db import transaction
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from akrim.domain.audit_events import ReportExported
from akrim.web.accounts.models import User
from akrim.web.audit.services import audit_record
from akrim.web.cases.models import Case, Report
from akrim.web.sharing.policy import require

FONT = "DejaVu"
# Records per subject and register printed in the report (the rest are counted); keeps a
# report readable and its PDF quick (fpdf2 lays out a table row in about 5-20 ms).
FACTS_PER_REGISTER = 12
MARKING = "CONFIDENTIAL: shared under the sharing policy; do not pass on"


def _font_path(name: str) -> str:
    return str(resources.files("akrim.web.cases").joinpath("fonts", name))


class _ReportPdf(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.report_title = title
        self.add_font(FONT, "", _font_path("DejaVuSans.ttf"))
        self.add_font(FONT, "B", _font_path("DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(title)
        self.set_creator("akrim")

    def header(self) -> None:
        self.set_font(FONT, "", 7)
        self.set_text_color(150, 0, 0)
        self.cell(0, 5, MARKING, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7)
        self.cell(0, 5, f"{self.report_title} · page {self.page_no()}/{{nb}}", align="C")


def report_pdf_bytes(report: Report) -> bytes:
    """Render one report version: subjects, sections, indicators, timeline, facts with
    provenance and the decisions so far."""
    case = report.case
    pdf = _ReportPdf(report.title)
    pdf.add_page()
    _heading(pdf, report.title, 15)
    _text(pdf, f"Case {case.pk} · version {report.version} · {report.created_at:%Y-%m-%d}")
    _text(pdf, f"Purpose: {case.purpose} · provision: {case.provision} · state: {case.state}")
    _subjects(pdf, case)
    for section in report.sections:
        if section.get("text"):
            _heading(pdf, section["heading"], 12)
            _text(pdf, section["text"])
    _indicators(pdf, report.indicators)
    _timeline(pdf, report.timeline)
    _facts(pdf, report.facts)
    _decisions(pdf, report)
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str, size: int) -> None:
    pdf.ln(2)
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(0, size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 9)


def _text(pdf: FPDF, text: str) -> None:
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 4.8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _table(
    pdf: FPDF, header: tuple[str, ...], rows: Sequence[tuple[str, ...]], widths: tuple[int, ...]
) -> None:
    pdf.set_font(FONT, "", 8)
    with pdf.table(col_widths=widths, line_height=4.2, text_align="LEFT") as table:
        head = table.row()
        for cell in header:
            head.cell(cell)
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.set_font(FONT, "", 9)


def _subjects(pdf: FPDF, case: Case) -> None:
    _heading(pdf, "Subjects", 12)
    rows = [(s.subject, s.kind, s.label) for s in case.subjects.order_by("subject")]
    _table(pdf, ("Subject", "Kind", "Name"), rows, (40, 25, 110))


def _indicators(pdf: FPDF, indicators: list[dict[str, Any]]) -> None:
    _heading(pdf, "Indicators", 12)
    if not indicators:
        _text(pdf, "No indicator fired for the subjects.")
        return
    rows = [
        (str(i["subject"]), str(i["indicator"]), f"{float(i['points']):.1f}", str(i["why"]))
        for i in indicators
    ]
    _table(pdf, ("Subject", "Indicator", "Points", "Why"), rows, (30, 40, 15, 90))


def _timeline(pdf: FPDF, timeline: list[dict[str, str]]) -> None:
    _heading(pdf, "Timeline", 12)
    _table(pdf, ("Date", "Event"), [(e["date"], e["event"]) for e in timeline], (25, 150))


def provenance_text(provenance: dict[str, Any]) -> str:
    """Where a fact comes from, as one line: delivery, file and line, extract date."""
    parts = [
        str(provenance[k])
        for k in ("delivery_id", "source_file", "extract_date")
        if provenance.get(k)
    ]
    if provenance.get("line"):
        parts.insert(min(2, len(parts)), f"line {provenance['line']}")
    return " · ".join(parts) or "-"


def _facts(pdf: FPDF, facts: list[dict[str, Any]]) -> None:
    _heading(pdf, "Agency facts and their provenance", 12)
    if not facts:
        _text(pdf, "No register facts were collected for this case.")
        return
    shown, left_out = _first_per_register(facts)
    rows = [
        (
            str(f["subject"]),
            f"{f['agency']} / {f['register']}",
            str(f["statement"]),
            provenance_text(f.get("provenance") or {}),
        )
        for f in shown
    ]
    _table(pdf, ("Subject", "Agency / register", "Fact", "Provenance"), rows, (25, 35, 65, 50))
    for (subject, register), more in left_out.items():
        _text(pdf, f"… and {more} more records of {register} about {subject} (on the case).")
    bases = sorted({str(f["legal_basis"]) for f in facts if f.get("legal_basis")})
    if bases:
        _text(pdf, "Shared under: " + "; ".join(bases))


def _first_per_register(
    facts: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], dict[tuple[str, str], int]]:
    """The first records of each subject's register, and how many more each has: a report
    summarises for the steering group; every record stays on the case."""
    shown: list[dict[str, Any]] = []
    seen: Counter[tuple[str, str]] = Counter()
    for fact in facts:
        key = (str(fact["subject"]), f"{fact['agency']} / {fact['register']}")
        seen[key] += 1
        if seen[key] <= FACTS_PER_REGISTER:
            shown.append(fact)
    left_out = {k: n - FACTS_PER_REGISTER for k, n in seen.items() if n > FACTS_PER_REGISTER}
    return shown, left_out


def _decisions(pdf: FPDF, report: Report) -> None:
    decisions = list(report.decisions.select_related("decided_by"))
    if not decisions:
        return
    _heading(pdf, "Steering-group decisions", 12)
    rows = [
        (
            f"{d.decided_at:%Y-%m-%d}",
            d.outcome,
            f"{d.decided_by.username} ({d.decided_by.agency})",
            d.reason,
        )
        for d in decisions
    ]
    _table(pdf, ("Date", "Decision", "By", "Reason"), rows, (25, 20, 45, 85))


def report_export(*, user: User, report: Report) -> bytes:
    """The PDF of a report version for a user who may read cases; the export is audited."""
    require(user.actor(), "case.read")
    data = report_pdf_bytes(report)
    with transaction.atomic():
        audit_record(
            ReportExported(
                actor=user.username,
                agency=user.agency,
                purpose=report.case.purpose,
                case_id=str(report.case_id),
                version=report.version,
                sha256=hashlib.sha256(data).hexdigest(),
            )
        )
    return data
