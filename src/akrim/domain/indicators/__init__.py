"""The risk indicator catalogue as data: indicators, minimum wages and the protected attributes
no indicator may read."""

from akrim.domain.indicators.catalogue import (
    Catalogue,
    Indicator,
    Level,
    load_catalogue,
)
from akrim.domain.indicators.minimum_wages import MinimumWageSector, load_minimum_wages
from akrim.domain.indicators.protected import protected_column_reason, protected_tokens_in_sql

__all__ = [
    "Catalogue",
    "Indicator",
    "Level",
    "MinimumWageSector",
    "load_catalogue",
    "load_minimum_wages",
    "protected_column_reason",
    "protected_tokens_in_sql",
]
