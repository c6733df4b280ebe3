"""Renders the indicator catalogue as the human-readable ``docs/indicators.md``.

Regenerate after changing the catalogue: ``python -m akrim.domain.indicators.document
docs/indicators.md`` (a test fails while the committed document is out of date).
"""

from __future__ import annotations

import sys
from pathlib import Path

from akrim.domain.indicators.catalogue import Catalogue, Indicator, load_catalogue
from akrim.domain.indicators.minimum_wages import load_minimum_wages
from akrim.domain.indicators.protected import PROTECTED_IN_FILE, PROTECTED_NAMES


def _indicator_section(indicator: Indicator) -> list[str]:
    columns = ", ".join(f"`{path}:{column}`" for path, column in indicator.columns)
    return [
        f"### `{indicator.code}`: {indicator.name}",
        "",
        f"- **Typology:** {indicator.typology}",
        f"- **Level:** {indicator.level.value}",
        f"- **Prior weight:** {indicator.weight:g}",
        f"- **Registers read:** {', '.join(f'`{r}`' for r in indicator.registers)}",
        f"- **Columns read:** {columns}",
        f"- **Legal basis:** {indicator.legal_basis}",
        "",
        f"**Why.** {indicator.rationale}",
        "",
        f"**Definition.** {indicator.definition}",
        "",
    ]


def _protected_section() -> list[str]:
    lines = [
        "## Protected attributes",
        "",
        "No indicator reads these columns (a test checks every indicator's declared columns and",
        "generated SQL). Persons and companies reach indicators only as keys.",
        "",
        "| column | why |",
        "|---|---|",
    ]
    lines += [f"| `{name}` (any register) | {why} |" for name, why in PROTECTED_NAMES.items()]
    lines += [f"| `{path}:{col}` | {why} |" for (path, col), why in PROTECTED_IN_FILE.items()]
    return [*lines, ""]


def _minimum_wage_section() -> list[str]:
    lines = [
        "## Generalised minimum wages used",
        "",
        "| sector | NACE prefixes | valid from | NOK per hour (lowest adult rate) |",
        "|---|---|---|---|",
    ]
    for sector in load_minimum_wages():
        for valid_from, rate in sector.rates:
            prefixes = ", ".join(sector.nace_prefixes)
            lines.append(f"| {sector.name} | {prefixes} | {valid_from} | {rate:.2f} |")
    return [*lines, ""]


def render_markdown(catalogue: Catalogue) -> str:
    lines = [
        "# Risk indicators",
        "",
        "<!-- Generated from src/akrim/domain/indicators/catalogue.toml by",
        "     `python -m akrim.domain.indicators.document docs/indicators.md`; do not edit. -->",
        "",
        f"Catalogue version **{catalogue.version}**, {len(catalogue.indicators)} indicators.",
        "Every score records the catalogue version that produced it. How indicators become",
        "scores is explained in [scoring.md](scoring.md).",
        "",
        "## Typologies",
        "",
        "| typology | what it is | indicators |",
        "|---|---|---|",
    ]
    for code, text in catalogue.typologies.items():
        members = " ".join(f"`{i.code}`" for i in catalogue.indicators if i.typology == code)
        lines.append(f"| {code} | {text} | {members} |")
    lines += ["", "## Indicators", ""]
    for indicator in catalogue.indicators:
        lines += _indicator_section(indicator)
    lines += _minimum_wage_section() + _protected_section()
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    Path(sys.argv[1]).write_text(render_markdown(load_catalogue()), encoding="utf-8")
