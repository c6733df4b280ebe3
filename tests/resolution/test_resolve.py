"""Resolution over a hand-made store: one worker in many registers under different spellings
and identifiers, namesakes who must stay apart, companies, analysts' decisions, stable ids."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from akrim.engines.backend import Backend
from akrim.engines.resolution.decisions import MentionRef, Verdict, record_decision
from akrim.engines.resolution.entity_ids import derived_id
from akrim.engines.resolution.resolve import ResolutionSettings, resolve

from .fixture_store import Rows, load_current, orgnr, pid

EMPLOYER = orgnr()
SUBUNIT = orgnr()
OTHER_EMPLOYER = orgnr()
LUKASZ_DNR = pid("1988-03-07", dnumber=True)
OLE_1 = pid("1975-04-12")
OLE_2 = pid("1975-09-30")
KARI = pid("1990-01-15", "F")


def _worker_rows() -> Rows:
    """Łukasz Wiśniewski in seven registers; two Ole Hansens born 1975; Kari as a control."""
    return {
        "skatteetaten/folkeregister.csv": [
            {"record_id": "F1", "person_id": LUKASZ_DNR, "id_type": "DNR", "first_name": "Łukasz",
             "last_name": "Wiśniewski", "birth_date": "1988-03-07"},
            {"record_id": "F2", "person_id": OLE_1, "id_type": "FNR", "first_name": "Ole",
             "last_name": "Hansen", "birth_date": "1975-04-12"},
            {"record_id": "F3", "person_id": OLE_2, "id_type": "FNR", "first_name": "Ole",
             "last_name": "Hansen", "birth_date": "1975-09-30"},
            {"record_id": "F4", "person_id": KARI, "id_type": "FNR", "first_name": "Kari",
             "last_name": "Nordmann", "birth_date": "1990-01-15"},
        ],
        "skatteetaten/a_melding.csv": [
            {"record_id": "A1", "period": "2026-01", "employer_orgnr": EMPLOYER,
             "person_id": LUKASZ_DNR, "first_name": "LUKASZ", "last_name": "WISNIEWSKI",
             "birth_date": "1988-03-07"},
            {"record_id": "A2", "period": "2026-01", "employer_orgnr": OTHER_EMPLOYER,
             "person_id": OLE_1, "first_name": "Ole", "last_name": "Hansen",
             "birth_date": "1975-04-12"},
            {"record_id": "A3", "period": "2026-01", "employer_orgnr": EMPLOYER,
             "person_id": OLE_2, "first_name": "Ole", "last_name": "Hansen",
             "birth_date": "1975-09-30"},
        ],
        "skatteetaten/utsendte.csv": [
            {"record_id": "U1", "contract_id": "K1", "contractor_foreign_id": "0012345",
             "foreign_id": "EA 123 4567", "foreign_id_type": "passport",
             "foreign_id_country": "PL", "first_name": "Lukasz", "last_name": "Wisniewsky",
             "birth_date": "1988-03-07"},
        ],
        "arbeidstilsynet/tilsyn_personer.csv": [
            {"record_id": "T1", "first_name": "Wiśniewski", "last_name": "Łukasz",
             "birth_date": "1988-07-03", "stated_employer_orgnr": EMPLOYER},
            {"record_id": "T2", "first_name": "Ole", "last_name": "Hansen",
             "birth_date": "1975-09-30", "stated_employer_orgnr": EMPLOYER},
        ],
        "vegvesen/forerkort.csv": [
            {"record_id": "V1", "foreign_id": "EA1234567", "foreign_id_country": "PL",
             "first_name": "Lukasz", "last_name": "Wisniewski", "birth_date": "1988-03-07"},
        ],
        "arbeidstilsynet/hms_kort.csv": [
            {"record_id": "H1", "card_no": "C1", "person_id": LUKASZ_DNR,
             "first_name": "Łukasz", "last_name": "Wiśniewski", "employer_orgnr": EMPLOYER},
        ],
        "brreg/roller.jsonl": [
            {"record_id": f"{EMPLOYER}:DAGL:0", "orgnr": EMPLOYER, "role": "DAGL",
             "first_name": "Lukasz", "last_name": "Wiśniewski", "birth_date": "1988-03-07"},
            {"record_id": f"{EMPLOYER}:REVI:1", "orgnr": EMPLOYER, "role": "REVI",
             "holder_orgnr": OTHER_EMPLOYER},
        ],
        "brreg/enheter.json": [
            {"record_id": EMPLOYER, "orgnr": EMPLOYER, "name": "Nordic Bygg AS"},
            {"record_id": OTHER_EMPLOYER, "orgnr": OTHER_EMPLOYER, "name": "Revisjon Vest AS"},
        ],
        "brreg/underenheter.json": [
            {"record_id": SUBUNIT, "orgnr": SUBUNIT, "name": "Nordic Bygg AS avd Bergen",
             "parent_orgnr": EMPLOYER},
        ],
        "skatteetaten/oppdrag.csv": [
            {"record_id": "O1", "contract_id": "K1", "client_orgnr": EMPLOYER,
             "contractor_foreign_id": "PL 001-2345", "contractor_country": "PL",
             "contractor_name": "Wiśniewski Bud Sp. z o.o."},
            {"record_id": "O2", "contract_id": "K2", "client_orgnr": EMPLOYER,
             "contractor_foreign_id": "0012345", "contractor_country": "PL",
             "contractor_name": "WISNIEWSKI BUD SP Z OO"},
        ],
        "arbeidstilsynet/tips.csv": [
            {"record_id": "TIP1", "mentioned_name": "Wisniewski Bud"},
        ],
    }  # fmt: skip


def _identities(backend: Backend) -> dict[tuple[str, str, str, str], str]:
    rows = backend.rows(
        "SELECT source_file, record_id, role, entity_kind, entity_id FROM resolution.identities"
    )
    return {(str(f), str(r), str(o), str(k)): str(e) for f, r, o, k, e in rows}


@pytest.fixture
def resolved(store: Callable[[Rows], Backend]) -> Backend:
    backend = store(_worker_rows())
    resolve(backend, ResolutionSettings(train=False))
    return backend


LUKASZ_MENTIONS = [
    ("skatteetaten/folkeregister.csv", "F1", "subject"),
    ("skatteetaten/a_melding.csv", "A1", "employee"),
    ("skatteetaten/utsendte.csv", "U1", "employee"),
    ("arbeidstilsynet/tilsyn_personer.csv", "T1", "subject"),
    ("vegvesen/forerkort.csv", "V1", "holder"),
    ("arbeidstilsynet/hms_kort.csv", "H1", "holder"),
    ("brreg/roller.jsonl", f"{EMPLOYER}:DAGL:0", "holder"),
]


def test_one_worker_across_seven_registers_is_one_person(resolved: Backend) -> None:
    ids = _identities(resolved)
    entity = {ids[(f, r, role, "person")] for f, r, role in LUKASZ_MENTIONS}
    assert len(entity) == 1


def test_namesakes_born_the_same_year_stay_apart(resolved: Backend) -> None:
    ids = _identities(resolved)
    ole_1 = ids[("skatteetaten/folkeregister.csv", "F2", "subject", "person")]
    ole_2 = ids[("skatteetaten/folkeregister.csv", "F3", "subject", "person")]
    assert ole_1 != ole_2
    assert ids[("skatteetaten/a_melding.csv", "A2", "employee", "person")] == ole_1
    # met at an inspection with the second one's birth date and employer
    assert ids[("arbeidstilsynet/tilsyn_personer.csv", "T2", "subject", "person")] == ole_2
    kari = ids[("skatteetaten/folkeregister.csv", "F4", "subject", "person")]
    assert kari not in (ole_1, ole_2)


def test_person_count(resolved: Backend) -> None:
    assert (
        resolved.scalar("SELECT count(*) FROM resolution.entities WHERE entity_kind = 'person'")
        == 4
    )


def test_every_mention_has_one_identity(resolved: Backend) -> None:
    rows = resolved.rows(
        "SELECT source_file, record_id, role, entity_kind, count(*) FROM resolution.identities "
        "GROUP BY ALL HAVING count(*) > 1"
    )
    assert rows == []
    # the role held by a unit names no person
    ids = _identities(resolved)
    assert ("brreg/roller.jsonl", f"{EMPLOYER}:REVI:1", "holder", "person") not in ids
    assert (
        ids[("brreg/roller.jsonl", f"{EMPLOYER}:REVI:1", "holder", "company")]
        == ids[("brreg/enheter.json", OTHER_EMPLOYER, "unit", "company")]
    )


def test_foreign_contractor_written_three_ways_is_one_company(resolved: Backend) -> None:
    ids = _identities(resolved)
    o1 = ids[("skatteetaten/oppdrag.csv", "O1", "contractor", "company")]
    assert ids[("skatteetaten/oppdrag.csv", "O2", "contractor", "company")] == o1
    assert ids[("skatteetaten/utsendte.csv", "U1", "contractor", "company")] == o1
    assert ids[("arbeidstilsynet/tips.csv", "TIP1", "mentioned", "company")] == o1


def test_subunit_is_its_own_company_tied_to_its_parent(resolved: Backend) -> None:
    ids = _identities(resolved)
    parent = ids[("brreg/enheter.json", EMPLOYER, "unit", "company")]
    sub = ids[("brreg/underenheter.json", SUBUNIT, "unit", "company")]
    assert sub != parent
    assert ids[("brreg/underenheter.json", SUBUNIT, "parent", "company")] == parent
    assert resolved.rows(
        "SELECT entity_id, related_entity_id FROM resolution.company_relations"
    ) == [(sub, parent)]


def test_model_links_are_explained(resolved: Backend) -> None:
    rows = resolved.rows(
        "SELECT explanation, match_probability FROM resolution.person_links "
        "WHERE rule = 'model' AND status = 'linked'"
    )
    assert rows
    for explanation, probability in rows:
        assert "name: " in str(explanation) and "birth_date: " in str(explanation)
        assert float(str(probability)) >= 0.9


def test_ids_are_stable_when_a_new_delivery_adds_records(
    store: Callable[[Rows], Backend],
) -> None:
    rows = dict(_worker_rows())
    backend = store(rows)
    resolve(backend, ResolutionSettings(train=False))
    before = _identities(backend)
    rows["vegvesen/forerkort.csv"] = [
        *rows["vegvesen/forerkort.csv"],
        {"record_id": "V2", "person_id": OLE_2, "first_name": "Ole", "last_name": "Hansen",
         "birth_date": "1975-09-30"},
    ]  # fmt: skip
    load_current(backend, {"vegvesen/forerkort.csv": rows["vegvesen/forerkort.csv"]})
    resolve(backend, ResolutionSettings(train=False))
    after = _identities(backend)
    assert all(after[k] == v for k, v in before.items())
    assert (
        after[("vegvesen/forerkort.csv", "V2", "holder", "person")]
        == before[("skatteetaten/folkeregister.csv", "F3", "subject", "person")]
    )


def test_analyst_reject_splits_and_confirm_joins(store: Callable[[Rows], Backend]) -> None:
    backend = store(_worker_rows())
    resolve(backend, ResolutionSettings(train=False))
    inspection = MentionRef("arbeidstilsynet/tilsyn_personer.csv", "T1", "subject")
    register = MentionRef("skatteetaten/folkeregister.csv", "F1", "subject")
    ole_inspection = MentionRef("arbeidstilsynet/tilsyn_personer.csv", "T2", "subject")
    ole_1 = MentionRef("skatteetaten/folkeregister.csv", "F2", "subject")
    record_decision(backend, "person", inspection, register, Verdict.REJECT, "analyst1")
    record_decision(backend, "person", ole_inspection, ole_1, Verdict.CONFIRM, "analyst1")
    record_decision(backend, "person", ole_inspection, ole_1, Verdict.REJECT, "analyst2", "later")
    record_decision(backend, "person", ole_1, ole_inspection, Verdict.CONFIRM, "analyst3")
    resolve(backend, ResolutionSettings(train=False))
    ids = _identities(backend)
    assert ids[(*_key(inspection), "person")] != ids[(*_key(register), "person")]
    # the latest verdict wins: confirmed, so the inspection joins the first Ole
    assert ids[(*_key(ole_inspection), "person")] == ids[(*_key(ole_1), "person")]
    # and a second run applies the same decisions again
    resolve(backend, ResolutionSettings(train=False))
    assert _identities(backend) == ids


def _key(ref: MentionRef) -> tuple[str, str, str]:
    return (ref.source_file, ref.record_id, ref.role)


def test_bad_decisions_are_refused(resolved: Backend) -> None:
    ref = MentionRef("skatteetaten/folkeregister.csv", "F1", "subject")
    with pytest.raises(ValueError, match="two different"):
        record_decision(resolved, "person", ref, ref, Verdict.CONFIRM, "a")
    with pytest.raises(ValueError, match="source_file#record_id#role"):
        MentionRef.parse("just-a-record")


def test_a_d_number_and_a_later_national_id_are_one_person(
    store: Callable[[Rows], Backend],
) -> None:
    dnr, fnr = pid("1991-06-02", "F", dnumber=True), pid("1991-06-02", "F")
    other = pid("1991-11-20", "F")
    backend = store(
        {
            "skatteetaten/folkeregister.csv": [
                {"record_id": "F1", "person_id": dnr, "id_type": "DNR", "first_name": "Rūta",
                 "last_name": "Kazlauskienė", "birth_date": "1991-06-02", "status": "inaktiv"},
                {"record_id": "F2", "person_id": fnr, "id_type": "FNR", "first_name": "Rūta",
                 "last_name": "Kazlauskienė", "birth_date": "1991-06-02", "status": "bosatt"},
                {"record_id": "F3", "person_id": other, "id_type": "FNR", "first_name": "Ruta",
                 "last_name": "Kazlauskiene", "birth_date": "1991-11-20", "status": "bosatt"},
            ],
            "skatteetaten/a_melding.csv": [
                {"record_id": "A1", "period": "2025-01", "employer_orgnr": EMPLOYER,
                 "person_id": dnr, "first_name": "RUTA", "last_name": "KAZLAUSKIENE",
                 "birth_date": "1991-06-02"},
            ],
        }
    )  # fmt: skip
    resolve(backend, ResolutionSettings(train=False))
    ids = _identities(backend)
    entity = {ids[("skatteetaten/folkeregister.csv", r, "subject", "person")] for r in ("F1", "F2")}
    assert len(entity) == 1
    assert ids[("skatteetaten/a_melding.csv", "A1", "employee", "person")] in entity
    # a namesake born the same year with a national ID of her own stays apart
    assert ids[("skatteetaten/folkeregister.csv", "F3", "subject", "person")] not in entity


def test_a_split_off_part_gets_a_new_id_though_it_shares_the_anchor(
    store: Callable[[Rows], Backend],
) -> None:
    """An analyst keeps a card apart from the register record of the same D-number: the
    larger part keeps the person's id; the card's cluster, whose strongest key (the
    D-number) would give it that same id, gets the next one derived from it."""
    backend = store(_worker_rows())
    resolve(backend, ResolutionSettings(train=False))
    before = _identities(backend)
    card = MentionRef("arbeidstilsynet/hms_kort.csv", "H1", "holder")
    register = MentionRef("skatteetaten/folkeregister.csv", "F1", "subject")
    record_decision(backend, "person", card, register, Verdict.REJECT, "analyst1")
    resolve(backend, ResolutionSettings(train=False))
    after = _identities(backend)
    person = before[(*_key(register), "person")]
    assert person == derived_id("P", "1:" + LUKASZ_DNR)
    assert after[(*_key(register), "person")] == person
    assert after[(*_key(card), "person")] == derived_id("P", person)
    others = {e for k, e in after.items() if k[3] == "person" and k[:3] != _key(card)}
    assert derived_id("P", person) not in others
