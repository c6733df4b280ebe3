"""The fairness report counts flag rates and hit rates by protected group, and it is the only
risk or network module that reads a protected attribute."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from akrim.engines.risk.fairness import fairness_report
from akrim.engines.risk.stage import run_networks_and_scores

from .fixture_store import FixtureStore
from .typology_cases import FOLK, PEOPLE, TIL, firm, job

ROOT = Path(__file__).resolve().parents[2] / "src" / "akrim" / "engines"
FLAGGED, CLEAN = "911111111", "922222222"


@pytest.fixture(scope="module")
def report() -> list:
    rows = [firm(FLAGGED), firm(CLEAN)]
    rows += [job(FLAGGED, PEOPLE[i], gross_pay_nok=15000) for i in range(3)]
    rows += [job(CLEAN, PEOPLE[i]) for i in range(3, 6)]
    rows += [
        (FOLK, {"person_id": PEOPLE[i], "citizenship": "NO" if i % 2 else "LT", "sex": "M"})
        for i in range(6)
    ]
    rows += [(TIL, {"inspection_id": "I1", "orgnr": FLAGGED, "reaction": "FINE"})]
    store = FixtureStore(rows)
    run_networks_and_scores(store.backend)
    return fairness_report(store.backend, threshold=0.01)


def test_flag_and_hit_rates_by_group(report: list) -> None:
    by = {(r.grouping, r.group): r for r in report}
    assert by[("sex", "M")].workers == 6
    assert by[("sex", "M")].flagged == 3
    assert by[("sex", "M")].flag_rate == pytest.approx(0.5)
    assert by[("sex", "M")].hit_rate == pytest.approx(1.0)
    assert by[("citizenship", "NO")].workers + by[("citizenship", "other")].workers == 6


def test_only_the_fairness_module_reads_protected_attributes() -> None:
    pattern = re.compile(r"\b(citizenship|sex|country_of_birth)\b")
    readers = sorted(
        str(p.relative_to(ROOT))
        for folder in ("risk", "network")
        for p in (ROOT / folder).rglob("*.py")
        if pattern.search(p.read_text(encoding="utf-8"))
    )
    assert readers == ["risk/fairness.py"]
