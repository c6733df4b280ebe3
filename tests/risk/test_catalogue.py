"""The indicator catalogue: well-formed, covering every agency's registers, its document up to
date, and no indicator reading a protected attribute or a proxy of one."""

from __future__ import annotations

from pathlib import Path

import pytest

from akrim.domain.indicators import (
    load_catalogue,
    protected_column_reason,
    protected_tokens_in_sql,
)
from akrim.domain.indicators.catalogue import CatalogueError, parse_catalogue
from akrim.domain.indicators.document import render_markdown
from akrim.domain.registers import BY_PATH
from akrim.engines.risk import scores_sql
from akrim.engines.risk.indicators_sql import COMPANY_INDICATOR_SQL
from akrim.engines.risk.network_indicators_sql import NETWORK_INDICATOR_SQL

ROOT = Path(__file__).resolve().parents[2]


def test_committed_document_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "indicators.md").read_text(encoding="utf-8")
    assert committed == render_markdown(load_catalogue()), (
        "docs/indicators.md is stale: run python -m akrim.domain.indicators.document "
        "docs/indicators.md"
    )


def test_catalogue_reads_every_agencys_registers() -> None:
    agencies = {BY_PATH[r].agency for i in load_catalogue().indicators for r in i.registers}
    assert agencies >= {
        "brreg",
        "skatteetaten",
        "nav",
        "politi",
        "arbeidstilsynet",
        "vegvesen",
        "bank",
    }


def test_every_typology_has_indicators() -> None:
    catalogue = load_catalogue()
    assert {i.typology for i in catalogue.indicators} == set(catalogue.typologies)


def test_no_indicator_declares_a_protected_column() -> None:
    offending = [
        (i.code, path, column, protected_column_reason(path, column))
        for i in load_catalogue().indicators
        for path, column in i.columns
        if protected_column_reason(path, column)
    ]
    assert offending == []


def _all_sql() -> dict[str, str]:
    sql = {code: build() for code, build in COMPANY_INDICATOR_SQL.items()}
    sql |= {code: build() for code, build in NETWORK_INDICATOR_SQL.items()}
    for name in ("company_contributions_sql", "network_contributions_sql"):
        sql[name] = getattr(scores_sql, name)()
    return sql


@pytest.mark.parametrize("code", sorted(_all_sql()))
def test_no_indicator_sql_reads_a_protected_column(code: str) -> None:
    assert protected_tokens_in_sql(_all_sql()[code]) == set()


@pytest.mark.parametrize(
    ("path", "column"),
    [
        ("skatteetaten/folkeregister.csv", "citizenship"),
        ("skatteetaten/folkeregister.csv", "sex"),
        ("skatteetaten/folkeregister.csv", "birth_date"),
        ("skatteetaten/folkeregister.csv", "country"),
        ("skatteetaten/a_melding.csv", "foreign_id_country"),
        ("skatteetaten/a_melding.csv", "person_id_form"),
        ("skatteetaten/a_melding.csv", "last_name"),
        ("vegvesen/forerkort.csv", "issuing_country"),
        ("vegvesen/utekontroller.csv", "driver_birth_date"),
        ("arbeidstilsynet/tips.csv", "language"),
        ("skatteetaten/folkeregister.csv", "id_type"),
    ],
)
def test_protected_columns_and_proxies_are_recognised(path: str, column: str) -> None:
    assert protected_column_reason(path, column)
    assert protected_tokens_in_sql(f"SELECT t.{column} FROM x t") or path.endswith(
        "folkeregister.csv"
    )


def test_a_catalogue_declaring_an_unknown_column_is_rejected() -> None:
    text = (ROOT / "src/akrim/domain/indicators/catalogue.toml").read_text(encoding="utf-8")
    broken = text.replace('"brreg/regnskap.csv:wage_costs_nok"', '"brreg/regnskap.csv:nope"', 1)
    with pytest.raises(CatalogueError):
        parse_catalogue(broken)
