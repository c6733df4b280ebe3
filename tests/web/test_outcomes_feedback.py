"""Outcome feedback end to end, as an operator runs it: a store analysed without an operational
database, then results recorded for a case through the case services, then `akrim analyse`
again (a fresh process): the learned weight of the subjects' indicator rises, and the run says
so and keeps it."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from process_runner import run_akrim, run_python

from akrim.domain.indicators import load_catalogue
from akrim.engines.risk.learning import learnable_indicators

RECORD_RESULTS = """
from decimal import Decimal
from akrim.web.accounts.services import user_create
from akrim.web.cases.measures import ResultFigures, measure_result_record
from akrim.web.cases.models import Case, CaseSubject, Measure
lead = user_create(username="lead", agency="arbeidstilsynet", centre="oslo", roles=["analyst"])
inspector = user_create(
    username="insp", agency="arbeidstilsynet", centre="oslo", roles=["inspector"]
)
case = Case.objects.create(
    title="feedback", centre="oslo", purpose="detect", provision="s3",
    state="measures_under_way", agencies=["arbeidstilsynet"], opened_by=lead,
)
for orgnr in {subjects!r}:
    CaseSubject.objects.create(case=case, subject=orgnr, kind="company")
measure = Measure.objects.create(
    case=case, kind="joint_inspection", agency="arbeidstilsynet", state="under_way",
    created_by=lead,
)
measure_result_record(
    user=inspector, measure=measure,
    figures=ResultFigures(breach_confirmed=True, fines=2, fines_amount=Decimal("250000"),
                          inspections=1, findings="underpaid workers"),
)
print(case.pk)
"""


def _subjects(store: Path) -> tuple[str, list[str]]:
    """The learnable indicator on most uninspected companies, and up to 8 of them."""
    codes = ", ".join(f"'{c}'" for c in learnable_indicators(load_catalogue()))
    with duckdb.connect(str(store / "analytics.duckdb"), read_only=True) as db:
        rows = db.execute(
            "SELECT indicator, list(DISTINCT company_id ORDER BY company_id) FROM risk.evidence "
            f"WHERE indicator IN ({codes}) AND company_id NOT IN "
            "(SELECT orgnr FROM current.arbeidstilsynet__tilsyn WHERE orgnr IS NOT NULL) "
            "GROUP BY 1 ORDER BY count(DISTINCT company_id) DESC, 1 LIMIT 1"
        ).fetchall()
    indicator, companies = rows[0]
    return str(indicator), [str(c) for c in companies][:8]


def _change(store: Path, indicator: str) -> tuple[float, float]:
    with duckdb.connect(str(store / "analytics.duckdb"), read_only=True) as db:
        row = db.execute(
            "SELECT coefficient_before, coefficient_after FROM feedback.weight_changes "
            "WHERE indicator = ? ORDER BY run_at DESC LIMIT 1",
            [indicator],
        ).fetchone()
        runs = db.execute(
            "SELECT outcomes_given, companies_labelled FROM feedback.runs ORDER BY run_at"
        ).fetchall()
    assert row is not None
    assert runs[0] == (False, 0)  # the first run had no operational database
    assert runs[-1][0] is True and runs[-1][1] > 0
    return float(row[0]), float(row[1])


def test_results_of_a_case_change_the_learned_weights_on_the_next_analyse(
    analysed_tiny_store: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"  # analysed once already, without an operational database
    shutil.copytree(analysed_tiny_store, store)
    assert not (store / "app.sqlite3").exists()
    indicator, subjects = _subjects(store)
    run_python(store, RECORD_RESULTS.format(subjects=subjects))
    second = run_akrim(store, "analyse", "--no-train")
    assert second.returncode == 0, second.stderr
    output = " ".join(second.stdout.split())
    assert f"case outcomes (operational database): {len(subjects)} case subjects" in output
    assert "learned weights changed" in output and f"{indicator}: points" in output
    before, after = _change(store, indicator)
    assert after > before, (indicator, before, after)


@pytest.mark.slow
def test_an_unreachable_operational_database_does_not_stop_the_analysis(
    analysed_tiny_store: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    shutil.copytree(analysed_tiny_store, store)
    env = {"AKRIM_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
    done = run_akrim(store, "analyse", "--no-train", env=env)
    assert done.returncode == 0, done.stderr
    assert "warning: cannot open the operational database" in done.stderr
    assert "case outcomes (kept in the store)" in done.stdout
