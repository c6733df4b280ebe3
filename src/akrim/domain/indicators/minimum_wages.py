"""Loads the dated table of generalised minimum wages (``minimum_wages.toml``) by sector."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources


@dataclass(frozen=True, slots=True)
class MinimumWageSector:
    code: str
    name: str
    nace_prefixes: tuple[str, ...]
    rates: tuple[tuple[date, float], ...]  # (valid from, NOK per hour), oldest first


def load_minimum_wages() -> tuple[MinimumWageSector, ...]:
    text = resources.files(__package__).joinpath("minimum_wages.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return tuple(
        MinimumWageSector(
            code=str(raw["code"]),
            name=str(raw["name"]),
            nace_prefixes=tuple(str(p) for p in raw["nace_prefixes"]),
            rates=tuple(
                sorted(
                    (date.fromisoformat(str(r["valid_from"])), float(r["nok_per_hour"]))
                    for r in raw["rates"]
                )
            ),
        )
        for raw in data["sector"]
    )
