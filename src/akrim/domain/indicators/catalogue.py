"""Loads and checks the versioned indicator catalogue shipped with the package
(``catalogue.toml``): every indicator's code, typology, registers, columns, legal basis,
level, definition and prior weight."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources

from akrim.domain.registers import BY_PATH


class Level(StrEnum):
    COMPANY = "company"
    PERSON = "person"  # measured on a person, attributed to the companies the person is tied to
    NETWORK = "network"


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    name: str
    typology: str
    level: Level
    weight: float
    rationale: str
    definition: str
    registers: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]  # (register file path, column)
    legal_basis: str


@dataclass(frozen=True, slots=True)
class Catalogue:
    version: str
    typologies: dict[str, str]
    indicators: tuple[Indicator, ...]

    def get(self, code: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(f"{code} is not an indicator of catalogue {self.version}")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.indicators)

    def weights(self) -> dict[str, float]:
        return {i.code: i.weight for i in self.indicators}


class CatalogueError(ValueError):
    """The catalogue file breaks its own rules (unknown register, column or typology)."""


def _column(ref: str, code: str) -> tuple[str, str]:
    path, _, column = ref.partition(":")
    register = BY_PATH.get(path)
    if register is None or column not in register.column_names:
        raise CatalogueError(f"{code}: {ref} is not a column of the input contract")
    return path, column


def _indicator(raw: dict[str, object], typologies: dict[str, str]) -> Indicator:
    code = str(raw["code"])
    typology = str(raw["typology"])
    if typology not in typologies:
        raise CatalogueError(f"{code}: unknown typology {typology}")
    registers = tuple(str(r) for r in raw["registers"])  # type: ignore[attr-defined]
    columns = tuple(_column(str(c), code) for c in raw["columns"])  # type: ignore[attr-defined]
    if {path for path, _ in columns} - set(registers):
        raise CatalogueError(f"{code}: reads a column of a register it does not declare")
    return Indicator(
        code=code,
        name=str(raw["name"]),
        typology=typology,
        level=Level(str(raw["level"])),
        weight=float(raw["weight"]),  # type: ignore[arg-type]
        rationale=str(raw["rationale"]),
        definition=str(raw["definition"]),
        registers=registers,
        columns=columns,
        legal_basis=str(raw["legal_basis"]),
    )


def parse_catalogue(text: str) -> Catalogue:
    data = tomllib.loads(text)
    typologies = {str(k): str(v) for k, v in data["typologies"].items()}
    indicators = tuple(_indicator(raw, typologies) for raw in data["indicator"])
    codes = [i.code for i in indicators]
    if len(codes) != len(set(codes)):
        raise CatalogueError("indicator codes must be unique")
    if any(i.weight < 0 for i in indicators):
        raise CatalogueError("prior weights must be non-negative")
    return Catalogue(str(data["version"]), typologies, indicators)


def load_catalogue() -> Catalogue:
    """The catalogue shipped with this version of the package."""
    text = resources.files(__package__).joinpath("catalogue.toml").read_text(encoding="utf-8")
    return parse_catalogue(text)
