"""Every typology is planted, reaches several agencies, and the world behind it is realistic."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from delivery_reader import csv_rows, units

from akrim.domain.identifiers import orgnr_problem
from akrim.domain.registers import BY_PATH
from akrim.synth import DeliverySummary
from akrim.synth.actors import SIGNAL_FILES, TYPOLOGIES
from akrim.synth.reference import SECTORS

Tiny = tuple[Path, DeliverySummary]


def _actors(out: Path) -> list[dict[str, str]]:
    header, rows = csv_rows(out / "truth" / "actors.csv")
    assert header == ["actor_id", "typology", "orgnrs", "person_keys", "description"]
    return rows


def _mentions(out: Path) -> dict[str, set[str]]:
    """truth key -> register files whose records mention it."""
    files: dict[str, set[str]] = defaultdict(set)
    for name, key in (("persons.csv", "person_key"), ("companies.csv", "company_key")):
        for row in csv_rows(out / "truth" / name)[1]:
            files[row[key]].add(row["source_file"])
    return files


def test_every_typology_is_planted(tiny: Tiny) -> None:
    out, summary = tiny
    rows = _actors(out)
    assert {r["typology"] for r in rows} == set(TYPOLOGIES)
    assert summary.actors == len(rows)
    ids = [r["actor_id"] for r in rows]
    assert len(ids) == len(set(ids))
    for r in rows:
        for org in r["orgnrs"].split():
            assert orgnr_problem(org) is None or org[2] == ":", org
        assert r["description"]


def test_each_actor_shows_in_the_signal_files_of_two_agencies(tiny: Tiny) -> None:
    out, _ = tiny
    seen = _mentions(out)
    for r in _actors(out):
        keys = r["orgnrs"].split() + r["person_keys"].split()
        files = set().union(*(seen.get(k, set()) for k in keys))
        for key in r["person_keys"].split():
            assert seen.get(key), f"{r['actor_id']}: person {key} appears in no register"
        signal = files & set(SIGNAL_FILES[r["typology"]])
        agencies = {BY_PATH[f].agency for f in signal}
        assert len(agencies) >= 2, (r["actor_id"], r["typology"], sorted(signal))


def test_most_firms_have_no_employees_and_a_few_are_large(tiny: Tiny) -> None:
    out, _ = tiny
    staff = [u["antallAnsatte"] for u in units(out / "brreg/enheter.json")]
    assert sum(1 for s in staff if s == 0) / len(staff) > 0.6
    assert max(staff) >= 20


def test_wage_theft_pays_below_the_minimum_wage(tiny: Tiny) -> None:
    out, _ = tiny
    thieves = {
        o for r in _actors(out) if r["typology"] == "wage_theft" for o in r["orgnrs"].split()
    }
    floor = {occ.code: s.min_wage for s in SECTORS for occ in s.occupations if s.min_wage}
    below = Counter()
    for row in csv_rows(out / "skatteetaten/a_melding.csv")[1]:
        if row["occupation_code"] not in floor or row["paid_hours"] in ("", "0"):
            continue
        try:
            hourly = float(row["gross_pay_nok"]) / float(row["paid_hours"])
        except ValueError:  # a planted bad row
            continue
        if hourly < min(floor[row["occupation_code"]]) * 0.95:
            below[row["employer_orgnr"] in thieves] += 1
    assert below[True] > 0


def test_names_keep_diacritics_and_registers_disagree(tiny: Tiny) -> None:
    out, _ = tiny
    folk = csv_rows(out / "skatteetaten/folkeregister.csv")[1]
    assert any(any(ch in r["last_name"] for ch in "łąęśżźćńŁŚŻšžčėįųūāēīņļķ") for r in folk)
    assert {r["id_type"] for r in folk} == {"FNR", "DNR"}
    amelding = csv_rows(out / "skatteetaten/a_melding.csv")[1]
    assert any(r["foreign_id"] and not r["person_id"] for r in amelding)
    assert any(r["last_name"].isupper() for r in amelding)


def test_inspections_follow_tips_and_findings_depend_on_behaviour(tiny: Tiny) -> None:
    out, _ = tiny
    tipped = {r["mentioned_name"].upper() for r in csv_rows(out / "arbeidstilsynet/tips.csv")[1]}
    actors = {o for r in _actors(out) for o in r["orgnrs"].split()}
    inspections = csv_rows(out / "arbeidstilsynet/tilsyn.csv")[1]
    assert inspections
    with_findings = [r for r in inspections if r["findings"]]
    assert 0.4 < len(with_findings) / len(inspections) < 0.95
    assert any(r["orgnr"] in actors for r in inspections) or tipped
