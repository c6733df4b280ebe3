"""`akrim cases overdue`: the overdue alerts from the host, for a scheduler."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from akrim.cli.main import cli
from akrim.web.cases.measures import measure_plan
from akrim.web.cases.models import Case
from akrim.web.cases.services import case_nominate

pytestmark = pytest.mark.django_db


def akrim(tmp_path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--store", str(tmp_path), *args])


def test_overdue_lists_cases_and_measures_and_exits_1(tmp_path: Path, make_user) -> None:
    analyst = make_user("nav", "analyst")
    control = make_user("arbeidstilsynet", "control_group_member")
    late = case_nominate(
        user=analyst,
        title="Late",
        subjects=["912345678"],
        purpose="detect",
        due_date=date(2026, 11, 1),
    )
    planning = Case.objects.create(
        title="P",
        purpose="detect",
        provision="s3",
        state="control_planning",
        opened_by=analyst,
        centre="bergen",
    )
    measure_plan(
        user=control,
        case=planning,
        kind="tax_audit",
        agency="skatteetaten",
        due_date=date(2026, 11, 20),
    )

    found = akrim(tmp_path, "cases", "overdue", "--today", "2026-11-28")
    lines = found.stdout.splitlines()
    assert found.exit_code == 1 and lines[0].startswith("kind\tcase\titem")
    assert lines[1].split("\t") == [
        "case",
        str(late.pk),
        "Late",
        "nav",
        "nominated",
        analyst.username,
        "2026-11-01",
        "27",
    ]
    assert lines[2].split("\t")[:4] == ["measure", str(planning.pk), "tax_audit", "skatteetaten"]
    assert lines[2].endswith("\t8")
    oslo = akrim(tmp_path, "cases", "overdue", "--today", "2026-11-28", "--centre", "oslo")
    assert len(oslo.stdout.splitlines()) == 2  # the Bergen measure is not Oslo's
    early = akrim(tmp_path, "cases", "overdue", "--today", "2026-11-01")
    assert early.exit_code == 0 and early.stdout.splitlines()[1:] == []


def test_a_bad_date_is_one_line(tmp_path: Path) -> None:
    bad = akrim(tmp_path, "cases", "overdue", "--today", "28.11.2026")
    assert bad.exit_code == 2 and "--today" in bad.output
