"""Strategic mode through the operational database: aggregates only, under disclosure
control, with the register of releases guarding against differencing."""

from __future__ import annotations

import pytest

from akrim.domain.access import FactScope
from akrim.domain.disclosure_control import TOTAL, CountTable
from akrim.domain.registers import Classification
from akrim.web.audit.models import AuditEntry
from akrim.web.sharing.models import Disclosure, ReleasedCellRecord
from akrim.web.sharing.policy import Refused
from akrim.web.sharing.services import aggregate_release

SCOPES = [
    FactScope("skatteetaten", Classification.CONFIDENTIAL, "a-ordningen", None, ("employment",)),
    FactScope("politi", Classification.POLICE, "anmeldelser", None, ("reports",)),
]


def table(name: str, grid: list[list[int]], extra: dict | None = None) -> CountTable:
    rows, cols = ("bygg", "renhold", "transport"), ("oslo", "bergen", "stavanger")
    contributors, n = {}, 0
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            contributors[(r, c)] = frozenset(f"9{n + x:08d}" for x in range(grid[i][j]))
            n += grid[i][j]
    for key, who in (extra or {}).items():
        contributors[key] = contributors[key] | who
    return CountTable(name, rows, cols, contributors)


GRID = [[8, 9, 7], [6, 10, 12], [9, 7, 11]]


@pytest.mark.django_db
def test_a_strategic_analyst_gets_a_protected_table_recorded_everywhere(make_user) -> None:
    analyst = make_user("ntaes", "strategic_analyst", centre="")
    small = [[8, 2, 7], [6, 10, 12], [9, 7, 11]]
    release = aggregate_release(
        user=analyst,
        table=table("sector x region", small),
        scopes=SCOPES,
        purpose="detect",
        population="companies-2026",
    )
    assert release.values[("bygg", "bergen")] is None and len(release.suppressed) >= 4
    assert all(v is None or v >= 5 for v in release.values.values() if v)
    event = AuditEntry.objects.get(action="strategic.release")
    assert event.purpose == "detect"
    assert {d.from_agency for d in Disclosure.objects.all()} == {"skatteetaten", "politi"}
    stored = ReleasedCellRecord.objects.first()
    assert stored is not None and all(len(h) == 32 for h in stored.contributors)
    assert not any(h.startswith("9000") for h in stored.contributors)  # hashed, not ids


@pytest.mark.django_db
def test_differencing_against_an_earlier_release_is_refused_by_suppression(make_user) -> None:
    analyst = make_user("ntaes", "strategic_analyst", centre="")
    first = aggregate_release(
        user=analyst, table=table("t1", GRID), scopes=SCOPES, purpose="detect", population="p"
    )
    assert first.suppressed == frozenset()
    later = table("t2", GRID, {("bygg", "oslo"): frozenset({"newcomer"})})
    second = aggregate_release(
        user=analyst, table=later, scopes=SCOPES, purpose="detect", population="p"
    )
    differences = [
        key
        for key, v in second.values.items()
        if v is not None and first.values[key] is not None and v != first.values[key]
    ]
    assert differences == []  # no published cell differs: the newcomer cannot be counted
    assert (TOTAL, TOTAL) in second.suppressed or ("bygg", "oslo") in second.suppressed


@pytest.mark.django_db
def test_an_operational_analyst_gets_no_aggregates(make_user) -> None:
    analyst = make_user("nav", "analyst")
    with pytest.raises(Refused, match="no policy rule"):
        aggregate_release(
            user=analyst, table=table("t", GRID), scopes=SCOPES, purpose="detect", population="p"
        )
