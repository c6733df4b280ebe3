"""How one register identifies a person: Norwegian number, foreign ID, name and birth date.

Registers that did not issue a person's number see them through documents: a posted worker
is often known only by a passport or national ID of the home country. Which document a
register saw is fixed per (register, person) so that a register is consistent with itself.
"""

from __future__ import annotations

import random
import zlib

from akrim.synth.noise import PROFILES, Recorded, record
from akrim.synth.world import Persons


def _stable(register: str, person: int, salt: str = "") -> float:
    return zlib.crc32(f"{register}:{person}:{salt}".encode()) / 2**32


def foreign_document(persons: Persons, register: str, i: int) -> tuple[str, str, str]:
    """(foreign_id, foreign_id_type, foreign_id_country) a register holds, or empty strings."""
    country = persons.country(i)
    if country == "NO":
        return "", "", ""
    nid, passport = persons.national_id[i], persons.passport[i]
    if nid and _stable(register, i, "doc") < 0.6:
        return nid, "national_id", country
    return passport, "passport", country


def person_fields(
    persons: Persons,
    rng: random.Random,
    register: str,
    i: int,
    *,
    prefer_foreign: float = 0.0,
    prefix: str = "",
    with_type: bool = False,
    with_middle: bool = False,
) -> dict[str, str]:
    """The person columns of a row, as ``register`` records person ``i``."""
    first, middle, last = persons.names(i)
    rec: Recorded = record(rng, PROFILES[register], first, middle, last, int(persons.birth[i]))
    pid = persons.pid[i]
    out = {
        f"{prefix}first_name": rec.first,
        f"{prefix}last_name": rec.last,
        f"{prefix}birth_date": rec.birth,
    }
    if with_middle:
        out[f"{prefix}middle_name"] = rec.middle
    elif rec.middle:
        out[f"{prefix}first_name"] = f"{rec.first} {rec.middle}"
    foreign = persons.country(i) != "NO"
    use_foreign = foreign and (not pid or _stable(register, i) < prefer_foreign)
    if pid and not rec.drop_pid and not (use_foreign and _stable(register, i, "both") < 0.7):
        out[f"{prefix}person_id"] = pid
    if use_foreign or (foreign and not out.get(f"{prefix}person_id")):
        fid, ftype, fcountry = foreign_document(persons, register, i)
        out[f"{prefix}foreign_id"] = fid
        out[f"{prefix}foreign_id_country"] = fcountry
        if with_type:
            out[f"{prefix}foreign_id_type"] = ftype
    return out


def full_name(persons: Persons, rng: random.Random, register: str, i: int) -> tuple[str, str, bool]:
    """(name as one string, birth date, whether the register left out the number)."""
    first, middle, last = persons.names(i)
    rec = record(rng, PROFILES[register], first, middle, last, int(persons.birth[i]))
    return rec.full, rec.birth, rec.drop_pid
