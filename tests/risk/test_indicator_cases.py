"""Each company-level indicator fires on its small planted case and stays silent on the
innocent look-alike."""

from __future__ import annotations

import pytest

from akrim.domain.indicators import Level, load_catalogue
from akrim.engines.risk.indicators_sql import COMPANY_INDICATOR_SQL

from .fixture_store import FixtureStore
from .typology_cases import CASES, Case


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.indicator)
def test_fires_on_planted_case(case: Case) -> None:
    assert case.company in FixtureStore(case.planted).fired(case.indicator)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.indicator)
def test_silent_on_look_alike(case: Case) -> None:
    assert case.company not in FixtureStore(case.look_alike).fired(case.indicator)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.indicator)
def test_evidence_names_source_records(case: Case) -> None:
    store = FixtureStore(case.planted)
    evidence = store.evidence(case.indicator)
    assert evidence
    files = {f for _, f, _ in evidence}
    assert files <= set(load_catalogue().get(case.indicator).registers)


def test_every_company_indicator_has_a_case_and_a_builder() -> None:
    catalogue = load_catalogue()
    company_level = {i.code for i in catalogue.indicators if i.level is not Level.NETWORK}
    assert company_level == set(COMPANY_INDICATOR_SQL)
    assert company_level == {c.indicator for c in CASES}
