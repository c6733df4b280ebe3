"""Search: by name (fuzzy, diacritic-insensitive, any word order), org number, national ID or
D-number, foreign ID and company address; vehicles and residents of an address are facts of
confidential registers and are found by `vehicle_owners` and `residents` (gateway loaders).

Names are folded with the same rules resolution uses (``akrim.domain.names``), so "Søren
Ålesund", "soren alesund" and "Aalesund Soeren" find the same person. Hits name the entity
and its label from the open registers only, never a confidential spelling.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from akrim.domain.access import FactScope
from akrim.domain.names import company_name_key, normalise_foreign_id, sorted_name_key
from akrim.domain.registers import BY_PATH, RegisterFile
from akrim.engines.backend import Backend
from akrim.pipelines.workbench.facts import allowed_files

MAX_HITS = 50
FUZZY_THRESHOLD = 0.88
DIGITS = re.compile(r"\d+")
VEHICLE = re.compile(r"^[A-Z]{2}\s?\d{4,5}$")


@dataclass(frozen=True, slots=True)
class SearchHit:
    entity_kind: str
    entity_id: str
    key: str  # org number for companies that have one, else the entity id
    label: str
    matched: str  # which kind of key matched: orgnr, person_id, foreign_id, name, address
    similarity: float


def classify(query: str) -> str:
    """What the text looks like: orgnr, person_id, vehicle, or name (also foreign IDs)."""
    text = query.strip()
    digits = "".join(DIGITS.findall(text))
    if text.replace(" ", "").isdigit() and len(digits) == 9:
        return "orgnr"
    if text.replace(" ", "").isdigit() and len(digits) == 11:
        return "person_id"
    if VEHICLE.match(text.upper()):
        return "vehicle"
    return "name"


def search(backend: Backend, query: str, *, limit: int = MAX_HITS) -> tuple[SearchHit, ...]:
    """Entities whose identifiers or names match the text, best first."""
    text = query.strip()
    if len(text) < 2:
        return ()
    kind = classify(text)
    if kind in ("orgnr", "person_id"):
        return _exact(backend, kind, text.replace(" ", ""), limit)
    hits = list(_exact(backend, "foreign_id", normalise_foreign_id(text), limit))
    hits += _names(backend, text, limit)
    hits += _addresses(backend, text, limit)
    best: dict[str, SearchHit] = {}
    for hit in hits:
        if hit.entity_id not in best or hit.similarity > best[hit.entity_id].similarity:
            best[hit.entity_id] = hit
    return tuple(sorted(best.values(), key=lambda h: (-h.similarity, h.label, h.key))[:limit])


HIT_COLUMNS = (
    "s.entity_kind, s.entity_id, coalesce(k.orgnr, s.entity_id), coalesce(l.label, ''), s.key_kind"
)
HIT_JOINS = (
    "LEFT JOIN workbench.company_keys k ON k.entity_id = s.entity_id "
    "LEFT JOIN workbench.labels l ON l.entity_id = s.entity_id"
)


def _exact(backend: Backend, key_kind: str, key: str, limit: int) -> tuple[SearchHit, ...]:
    if not key:
        return ()
    rows = backend.rows(
        f"SELECT DISTINCT {HIT_COLUMNS} FROM workbench.search_keys s {HIT_JOINS} "
        "WHERE s.key_kind = ? AND s.key = ? LIMIT ?",
        [key_kind, key, limit],
    )
    return tuple(_hit(row, 1.0) for row in rows)


def _names(backend: Backend, text: str, limit: int) -> list[SearchHit]:
    """Names holding every word of the query, or close to it (Jaro-Winkler) among names
    with the same first letter (the table is sorted by name, so that range is cheap)."""
    keys = {sorted_name_key(text), company_name_key(text)} - {""}
    hits: list[SearchHit] = []
    for key in keys:
        tokens = key.split()
        contains = " AND ".join("contains(s.key, ?)" for _ in tokens)
        first = key[0]
        rows = backend.rows(
            f"SELECT {HIT_COLUMNS}, max(jaro_winkler_similarity(s.key, ?)) AS sim "
            f"FROM workbench.search_keys s {HIT_JOINS} WHERE s.key_kind = 'name' AND "
            f"(({contains}) OR (s.key >= ? AND s.key < ? "
            "AND jaro_winkler_similarity(s.key, ?) >= ?)) "
            "GROUP BY ALL ORDER BY sim DESC LIMIT ?",
            [key, *tokens, first, chr(ord(first) + 1), key, FUZZY_THRESHOLD, limit],
        )
        hits += [_hit(row[:5], float(str(row[5]))) for row in rows]
    return hits


def _addresses(backend: Backend, text: str, limit: int) -> list[SearchHit]:
    """Companies at an address of the open central register (street and number, any case,
    with or without diacritics)."""
    folded = sorted_name_key(text)
    if not any(ch.isdigit() for ch in text) or not folded:
        return []
    rows = backend.rows(
        "SELECT 'company', k.entity_id, e.orgnr, coalesce(e.name, ''), 'address' "
        "FROM current.brreg__enheter e JOIN workbench.company_keys k ON k.orgnr = e.orgnr "
        "WHERE strip_accents(lower(concat_ws(' ', e.business_address, e.business_postcode, "
        "e.business_city))) LIKE '%' || strip_accents(lower(?)) || '%' LIMIT ?",
        [text.strip(), limit],
    )
    return [_hit(row, 0.95) for row in rows]


def _hit(row: Sequence[object], similarity: float) -> SearchHit:
    kind, entity_id, key, label, matched = (str(v) for v in row)
    return SearchHit(kind, entity_id, key, label, matched, similarity)


VEHICLE_FILE: RegisterFile = BY_PATH["vegvesen/kjoretoy.csv"]
RESIDENCE_FILE: RegisterFile = BY_PATH["skatteetaten/folkeregister.csv"]


def vehicle_owners(
    backend: Backend, reg_no: str, allowed: Sequence[FactScope]
) -> tuple[SearchHit, ...]:
    """The owners of a vehicle (Motorvognregisteret, confidential): a gateway loader."""
    if VEHICLE_FILE.path not in allowed_files(allowed):
        return ()
    rows = backend.rows(
        "SELECT DISTINCT s.entity_kind, s.entity_id, coalesce(k.orgnr, s.entity_id), "
        f"coalesce(l.label, ''), 'vehicle' FROM workbench.entity_records s {HIT_JOINS} "
        "JOIN current.vegvesen__kjoretoy v ON v.record_id = s.record_id "
        "WHERE s.source_file = ? AND s.role = 'owner' AND replace(upper(v.reg_no), ' ', '') = ? "
        "LIMIT ?",
        [VEHICLE_FILE.path, reg_no.upper().replace(" ", ""), MAX_HITS],
    )
    return tuple(_hit(row, 1.0) for row in rows)


def looks_like_address(text: str) -> bool:
    """A street and a number (or a postcode): letters and digits, not a vehicle."""
    has_digit = any(ch.isdigit() for ch in text)
    has_letter = any(ch.isalpha() for ch in text)
    return has_digit and has_letter and classify(text) == "name"


def residents(
    backend: Backend, address: str, allowed: Sequence[FactScope]
) -> tuple[SearchHit, ...]:
    """Persons registered at an address (Folkeregisteret, confidential): a gateway loader."""
    if RESIDENCE_FILE.path not in allowed_files(allowed):
        return ()
    rows = backend.rows(
        "SELECT DISTINCT 'person', a.other, a.other, coalesce(l.label, ''), 'address' "
        "FROM workbench.adjacency a LEFT JOIN workbench.labels l ON l.entity_id = a.other "
        "WHERE a.node_kind = 'address' AND a.other_kind = 'person' AND a.source_file = ? "
        "AND strip_accents(lower(replace(a.node, '|', ' '))) LIKE '%' || strip_accents(lower(?)) "
        "|| '%' LIMIT ?",
        [RESIDENCE_FILE.path, " ".join(address.split()), MAX_HITS],
    )
    return tuple(_hit(row, 0.95) for row in rows)
