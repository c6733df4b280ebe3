"""The protected attributes (and their proxies) that no risk indicator may read, and the checks
that find them in an indicator's declared columns or generated SQL.

Citizenship, sex, age and country of birth are protected; so is whatever stands in for them:
birth dates, names, the language of a tip, the country of a foreign identity document or
driving licence, the kind of identity document, and the form of a person number (a D-number
marks a foreign national).  Resolution may use names and birth dates to tell people apart;
indicators may not.
"""

from __future__ import annotations

import re

# Column names that are protected wherever they occur, with the reason.
PROTECTED_NAMES: dict[str, str] = {
    "citizenship": "citizenship (protected)",
    "sex": "sex (protected)",
    "age": "age (protected)",
    "country_of_birth": "country of birth (protected)",
    "birth_date": "birth date: age (protected)",
    "first_name": "name: proxy for origin",
    "middle_name": "name: proxy for origin",
    "last_name": "name: proxy for origin",
    "full_name": "name: proxy for origin",
    "language": "language of a tip: proxy for origin",
    "foreign_id": "foreign identity document: proxy for nationality",
    "foreign_id_type": "kind of identity document: proxy for nationality",
    "foreign_id_country": "country of an identity document: proxy for nationality",
    "issuing_country": "country that issued a licence: proxy for nationality",
    "id_type": "person-number form (FNR/DNR): proxy for nationality",
}
# Columns protected only in one register (the same name means something else elsewhere).
PROTECTED_IN_FILE: dict[tuple[str, str], str] = {
    ("skatteetaten/folkeregister.csv", "country"): "country of residence record: proxy",
    ("skatteetaten/folkeregister.csv", "status"): "status (e.g. inactive D-number): proxy",
}
_PREFIXES = ("driver_", "subject_", "holder_", "owner_", "counterparty_")


def protected_column_reason(path: str, column: str) -> str | None:
    """Why an indicator may not read this column, or None when it may."""
    if (path, column) in PROTECTED_IN_FILE:
        return PROTECTED_IN_FILE[(path, column)]
    name = column
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix) :]
    if name in PROTECTED_NAMES:
        return PROTECTED_NAMES[name]
    if name.endswith("person_id_form"):
        return "person-number form (FNR/DNR): proxy for nationality"
    if name.endswith("_name") and name != "name":
        return "name: proxy for origin"
    return None


_TOKEN = re.compile(r"[a-z_][a-z0-9_]*")
_FILE_ONLY = {"citizenship", "country_of_birth"}


def protected_tokens_in_sql(sql: str) -> set[str]:
    """Identifiers in a SQL text that name a protected column (or a proxy of one)."""
    found = set()
    for token in _TOKEN.findall(sql.lower()):
        if token in _FILE_ONLY or protected_column_reason("", token) is not None:
            found.add(token)
    return found
