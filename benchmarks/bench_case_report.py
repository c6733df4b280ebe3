"""Case report benchmark: time and size of the report PDF as a case collects more register
facts, against the bare text layout of the same rows in the same run.

    .venv/bin/python benchmarks/bench_case_report.py [--facts 10 100 1000 3000]

Target: a report on a case with 1,000 collected facts (over 20 registers) is written in
under 10 seconds (an analyst waits for the download). The report prints the first records
of each register and counts the rest (`FACTS_PER_REGISTER`). The ratio column compares with
fpdf2 laying out every fact line as plain text in the same run.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

TARGET_SECONDS_AT_1000 = 10.0
REGISTERS = 20  # the facts are spread over this many registers, as a real subject's are


def _setup(store: Path) -> None:
    from akrim.web.bootstrap import setup

    setup(store)


def _report(facts: int):  # type: ignore[no-untyped-def]
    from akrim.web.accounts.services import user_create
    from akrim.web.cases.models import CaseSubject, Report
    from akrim.web.cases.reports import IndicatorLine, report_draft
    from akrim.web.cases.services import SubjectSpec, case_nominate, case_transition

    user = user_create(username=f"bench-{facts}", agency="nav", centre="oslo", roles=["analyst"])
    case = case_nominate(
        user=user,
        title=f"Benchmark case with {facts} facts",
        subjects=[SubjectSpec("912345678", CaseSubject.Kind.COMPANY, "Byggfirma Ærlig AS")],
        purpose="detect",
    )
    case_transition(user=user, case=case, name="start_analysis")
    indicators = [
        IndicatorLine("912345678", f"IND_{i}", 1.5, "An explanation " * 4) for i in range(12)
    ]
    report = report_draft(user=user, case=case, indicators=indicators, network_summary="Net " * 40)
    report.facts = [
        {
            "subject": "912345678",
            "agency": "skatteetaten",
            "register": f"register-{i % REGISTERS}",
            "statement": f"record_id=AM{i:08d}; period=2026-0{1 + i % 9}; wages={40_000 + i} kr; "
            "person_id=01017012345; employer_orgnr=912345678",
            "provenance": {"delivery_id": "d-2026-10", "source_file": "a_melding.csv", "line": i},
            "legal_basis": "a-kriminformasjonsforskriften § 3",
        }
        for i in range(facts)
    ]
    report.save(update_fields=["facts"])
    return Report.objects.get(pk=report.pk)


def _bare_text_seconds(report) -> float:  # type: ignore[no-untyped-def]
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    from akrim.web.cases.report_pdf import FONT, _font_path

    started = time.perf_counter()
    pdf = FPDF()
    pdf.add_font(FONT, "", _font_path("DejaVuSans.ttf"))
    pdf.set_font(FONT, "", 8)
    pdf.add_page()
    for fact in report.facts:
        pdf.multi_cell(
            0, 4, f"{fact['statement']} {fact['provenance']}", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
    pdf.output()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, nargs="+", default=[10, 100, 1000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        _setup(Path(directory))
        import pypdfium2 as pdfium

        from akrim.web.cases.report_pdf import report_pdf_bytes

        print("facts\tseconds\tpages\tKiB\tbare_text_s\tratio")
        for facts in args.facts:
            report = _report(facts)
            started = time.perf_counter()
            data = report_pdf_bytes(report)
            seconds = time.perf_counter() - started
            bare = _bare_text_seconds(report)
            pages = len(pdfium.PdfDocument(data))
            ratio = seconds / bare if bare else float("inf")
            print(f"{facts}\t{seconds:.2f}\t{pages}\t{len(data) // 1024}\t{bare:.2f}\t{ratio:.1f}")
            if facts == 1000:
                verdict = "met" if seconds < TARGET_SECONDS_AT_1000 else "MISSED"
                print(f"target: 1000 facts under {TARGET_SECONDS_AT_1000:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
