"""A generated delivery keeps the input contract: files, columns, manifest, identifiers, truth."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from delivery_reader import csv_rows, data_rows, record_ids, role_records, units

from akrim.domain.identifiers import account_problem, orgnr_problem, parse_person_id
from akrim.domain.registers import (
    BY_PATH,
    REGISTER_FILES,
    ColumnType,
    FileFormat,
    RegisterFile,
)
from akrim.synth import DeliverySummary

CSV_FILES = [rf for rf in REGISTER_FILES if rf.format is FileFormat.CSV]
Tiny = tuple[Path, DeliverySummary]


def _bad_rows(out: Path) -> dict[str, set[str]]:
    bad: dict[str, set[str]] = defaultdict(set)
    for row in csv_rows(out / "truth" / "bad_rows.csv")[1]:
        bad[row["file"]].add(row["record_id"])
    return bad


def value_problem(kind: ColumnType, value: str) -> str | None:
    """Why a non-empty value breaks its column type's rule (the contract's row rules)."""
    if kind is ColumnType.ORGNR:
        return orgnr_problem(value)
    if kind is ColumnType.PERSON_ID:
        parsed = parse_person_id(value)
        if isinstance(parsed, str):
            return parsed
        return None if parsed.form.is_synthetic else "not a synthetic (month + 80) number"
    if kind is ColumnType.DATE:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return "not a date"
        return None if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else "not YYYY-MM-DD"
    if kind is ColumnType.MONTH:
        return None if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value) else "not YYYY-MM"
    if kind is ColumnType.TERM:
        return None if re.fullmatch(r"\d{4}-T[1-6]", value) else "not a term"
    if kind is ColumnType.YEAR:
        return None if re.fullmatch(r"\d{4}", value) else "not a year"
    if kind is ColumnType.AMOUNT:
        return None if re.fullmatch(r"-?\d+(\.\d+)?", value) else "not an amount"
    if kind is ColumnType.NUMBER:
        return None if re.fullmatch(r"-?\d+(\.\d+)?", value) else "not a number"
    if kind is ColumnType.COUNTRY:
        return None if re.fullmatch(r"[A-Z]{2}", value) else "not a country code"
    return None


def test_every_file_of_the_contract_is_written(tiny: Tiny) -> None:
    out, _ = tiny
    for rf in REGISTER_FILES:
        assert (out / rf.path).is_file(), rf.path
    for name in ("actors.csv", "persons.csv", "companies.csv", "bad_rows.csv"):
        assert (out / "truth" / name).is_file()


def test_manifest_checksums_rows_and_classification(tiny: Tiny) -> None:
    out, _ = tiny
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {"delivery_id", "created", "synthetic", "files"} <= set(manifest)
    assert manifest["synthetic"] is True
    dt.datetime.fromisoformat(manifest["created"])
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(BY_PATH)
    for path, entry in listed.items():
        rf = BY_PATH[path]
        assert entry["sha256"] == hashlib.sha256((out / path).read_bytes()).hexdigest(), path
        assert entry["rows"] == data_rows(out, rf), path
        assert entry["agency"] == rf.agency
        assert entry["register"] == rf.register
        assert entry["classification"] == rf.classification.value
        dt.date.fromisoformat(entry["extract_date"])
        if rf.classification.value != "open":
            assert entry["legal_basis"].strip(), path


@pytest.mark.parametrize("rf", CSV_FILES, ids=lambda rf: rf.path)
def test_csv_columns_ids_and_values(tiny: Tiny, rf: RegisterFile) -> None:
    out, _ = tiny
    header, rows = csv_rows(out / rf.path)
    assert set(rf.column_names) <= set(header), set(rf.column_names) - set(header)
    ids = [r["record_id"] for r in rows]
    assert all(ids) and len(ids) == len(set(ids))
    bad = _bad_rows(out)[rf.path]
    typed = [(c.name, c.type) for c in rf.columns]
    for row in rows:
        problems = [
            (name, row[name], p)
            for name, kind in typed
            if row[name] and (p := value_problem(kind, row[name]))
        ]
        if row["record_id"] in bad:
            assert problems, f"{rf.path} {row['record_id']} is listed as bad but is not"
        else:
            assert not problems, (rf.path, row["record_id"], problems)
        for name, kind in typed:
            column = rf.column(name)
            if column.codes and row[name] and kind is ColumnType.CODE:
                assert row[name] in column.codes, (rf.path, name, row[name])


def test_units_and_establishments_are_valid(tiny: Tiny) -> None:
    out, _ = tiny
    bad = _bad_rows(out)
    for path in ("brreg/enheter.json", "brreg/underenheter.json"):
        seen = set()
        for unit in units(out / path):
            orgnr = unit["organisasjonsnummer"]
            assert orgnr_problem(orgnr) is None
            assert orgnr not in seen
            seen.add(orgnr)
            dates = {k: v for k, v in unit.items() if "dato" in k.lower()}
            broken = [k for k, v in dates.items() if value_problem(ColumnType.DATE, v)]
            assert not broken or orgnr in bad[path], (orgnr, broken)
            if "overordnetEnhet" in unit:
                assert orgnr_problem(unit["overordnetEnhet"]) is None
    enheter = {u["organisasjonsnummer"] for u in units(out / "brreg/enheter.json")}
    for unit in units(out / "brreg/underenheter.json"):
        assert unit["overordnetEnhet"] in enheter


def test_roles_have_the_real_shape_and_ids(tiny: Tiny) -> None:
    out, _ = tiny
    bad = _bad_rows(out)["brreg/roller.jsonl"]
    ids = []
    for rid, role, unit in role_records(out / "brreg/roller.jsonl"):
        ids.append(rid)
        assert rid.split(":")[1] in BY_PATH["brreg/roller.jsonl"].column("role").codes
        assert ("person" in role) != ("enhet" in role)
        person = role.get("person")
        if person:
            assert {"fornavn", "etternavn"} <= set(person["navn"])
            assert value_problem(ColumnType.DATE, person["fodselsdato"]) is None
            if "fodselsnummer" in person and rid not in bad:
                assert value_problem(ColumnType.PERSON_ID, person["fodselsnummer"]) is None
        else:
            assert orgnr_problem(role["enhet"]["organisasjonsnummer"]) is None
        assert isinstance(role["fratraadt"], bool)
        assert orgnr_problem(unit["organisasjonsnummer"]) is None
    assert len(ids) == len(set(ids))


def test_truth_mentions_cover_every_record_with_contract_roles(tiny: Tiny) -> None:
    out, _ = tiny
    ids = {rf.path: set(record_ids(out, rf)) for rf in REGISTER_FILES}
    mentioned: dict[str, set[str]] = defaultdict(set)
    for truth, kind in (("persons.csv", "person"), ("companies.csv", "company")):
        header, rows = csv_rows(out / "truth" / truth)
        key = "person_key" if kind == "person" else "company_key"
        assert header == [key, "source_file", "record_id", "role"]
        for row in rows:
            rf = BY_PATH[row["source_file"]]
            allowed = {m.role for m in rf.mentions if m.kind == kind}
            assert row["role"] in allowed, (truth, row)
            assert row["record_id"] in ids[rf.path], (truth, row)
            assert row[key]
            mentioned[rf.path].add(row["record_id"])
    for path, rids in ids.items():
        assert rids == mentioned[path], f"{path}: records without a truth mention"


def test_bad_rows_are_few_and_real(tiny: Tiny) -> None:
    out, _ = tiny
    header, rows = csv_rows(out / "truth" / "bad_rows.csv")
    assert header == ["file", "record_id", "reason"]
    total = sum(len(record_ids(out, rf)) for rf in REGISTER_FILES)
    assert 0 < len(rows) < total * 0.005
    reasons = {r["reason"].split(": ", 1)[1] for r in rows}
    assert reasons <= {"bad check digit", "impossible date", "text in amount"}


def test_bank_accounts_are_valid_and_each_has_one_owner(tiny: Tiny) -> None:
    out, _ = tiny
    owner: dict[str, tuple[str, str]] = {}
    bad = _bad_rows(out)["bank/transaksjoner.csv"]
    for row in csv_rows(out / "bank/transaksjoner.csv")[1]:
        if row["record_id"] in bad:
            continue
        assert account_problem(row["account_no"]) is None
        who = (row["owner_orgnr"], row["owner_person_id"])
        assert owner.setdefault(row["account_no"], who) == who
