"""The read gateway: decisions, one audit event per read with its purpose, the ledger."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from akrim.domain.access import FactScope
from akrim.domain.registers import Classification
from akrim.web.accounts.services import user_create
from akrim.web.audit.models import AuditEntry
from akrim.web.audit.selectors import audit_verify
from akrim.web.cases.models import ProportionalityNote
from akrim.web.cases.services import case_close, case_open
from akrim.web.sharing.gateway import ReadRequest, read_facts
from akrim.web.sharing.models import Disclosure

SUBJECT = "912345678"
TAX = FactScope("skatteetaten", Classification.CONFIDENTIAL, "a-ordningen", SUBJECT, ("income",))
WELFARE = FactScope("nav", Classification.CONFIDENTIAL, "ytelser", SUBJECT, ("benefits",))
POLICE = FactScope("politi", Classification.POLICE, "anmeldelser", SUBJECT, ("reports",))
BRREG = FactScope("brreg", Classification.OPEN, "enhetsregisteret", SUBJECT)
NOTE = "Wage theft suspected across three agencies; tax data is needed to size it."


def loader(seen: list[Sequence[FactScope]]):
    def load(scopes: Sequence[FactScope]) -> list[str]:
        seen.append(list(scopes))
        return [f"{s.agency}/{s.register}" for s in scopes]

    return load


def reads() -> list[dict]:
    return [json.loads(e.text) for e in AuditEntry.objects.filter(action="facts.read")]


@pytest.mark.django_db
def test_own_agency_read_is_audited_with_purpose_and_not_ledgered(make_user) -> None:
    analyst = make_user("nav", "analyst")
    seen: list = []
    out = read_facts(
        user=analyst, request=ReadRequest([WELFARE], purpose="detect"), load=loader(seen)
    )
    assert out.value == ["nav/ytelser"] and seen == [[WELFARE]]
    [event] = reads()
    assert event["purpose"] == "detect" and event["shown"] == ["nav/ytelser"]
    assert Disclosure.objects.count() == 0


@pytest.mark.django_db
def test_another_agency_without_a_case_is_withheld_with_the_reason(make_user) -> None:
    analyst = make_user("nav", "analyst")
    seen: list = []
    out = read_facts(user=analyst, request=ReadRequest([TAX], purpose="detect"), load=loader(seen))
    assert out.value is None and seen == []
    assert "open a case" in out.withheld[TAX].reason
    [event] = reads()
    assert event["withheld"] == [["skatteetaten/a-ordningen", out.withheld[TAX].reason]]
    assert Disclosure.objects.count() == 0


@pytest.mark.django_db
def test_first_disclosure_on_a_case_needs_a_proportionality_note(make_user) -> None:
    analyst = make_user("nav", "analyst")
    case = case_open(user=analyst, title="Cleaning network", subjects=[SUBJECT], purpose="detect")
    request = ReadRequest([TAX], purpose="detect", case_id=str(case.pk))
    denied = read_facts(user=analyst, request=request, load=loader([]))
    assert "proportionality note" in denied.withheld[TAX].reason
    noted = ReadRequest([TAX], purpose="detect", case_id=str(case.pk), proportionality_note=NOTE)
    allowed = read_facts(user=analyst, request=noted, load=loader([]))
    assert allowed.value == ["skatteetaten/a-ordningen"]
    again = read_facts(user=analyst, request=request, load=loader([]))  # the note stands
    assert again.value == ["skatteetaten/a-ordningen"]
    assert ProportionalityNote.objects.filter(case=case).count() == 1
    ledger = list(Disclosure.objects.order_by("id"))
    assert [(d.from_agency, d.to_agency, d.purpose, d.case_id) for d in ledger] == [
        ("skatteetaten", "nav", "detect", case.pk)
    ] * 2
    assert ledger[0].categories == ["income"] and "§ 3" in ledger[0].provision
    assert ledger[0].audit_seq == AuditEntry.objects.filter(action="facts.read")[1].seq


@pytest.mark.django_db
def test_a_closed_case_allows_nothing(make_user) -> None:
    analyst = make_user("nav", "analyst")
    case = case_open(user=analyst, title="Closed", subjects=[SUBJECT], purpose="stop")
    request = ReadRequest([TAX], purpose="stop", case_id=str(case.pk), proportionality_note=NOTE)
    assert read_facts(user=analyst, request=request, load=loader([])).value
    case_close(user=analyst, case=case, reason="measures done")
    out = read_facts(user=analyst, request=request, load=loader([]))
    assert out.value is None and "closed" in out.withheld[TAX].reason


@pytest.mark.django_db
def test_open_facts_alone_need_no_audit_event(make_user) -> None:
    inspector = make_user("arbeidstilsynet", "inspector")
    out = read_facts(user=inspector, request=ReadRequest([BRREG]), load=loader([]))
    assert out.value == ["brreg/enhetsregisteret"] and reads() == []


@pytest.mark.django_db
def test_a_failed_load_leaves_no_trace(make_user) -> None:
    """The audit event and ledger entry commit with the read or not at all."""
    analyst = make_user("nav", "analyst")

    def broken(scopes: Sequence[FactScope]) -> None:
        raise OSError("store unavailable")

    with pytest.raises(OSError):
        read_facts(user=analyst, request=ReadRequest([WELFARE], purpose="detect"), load=broken)
    assert reads() == [] and audit_verify().intact


@pytest.mark.django_db
def test_police_facts_need_police_on_the_case(make_user) -> None:
    analyst = make_user("skatteetaten", "analyst")
    case = case_open(user=analyst, title="T", subjects=[SUBJECT], purpose="detect")
    request = ReadRequest([POLICE], "detect", str(case.pk), proportionality_note=NOTE)
    out = read_facts(user=analyst, request=request, load=loader([]))
    assert "politi must take part" in out.withheld[POLICE].reason
    with_police = case_open(
        user=analyst, title="T2", subjects=[SUBJECT], purpose="detect", agencies=["politi"]
    )
    request = ReadRequest([POLICE], "detect", str(with_police.pk), proportionality_note=NOTE)
    assert read_facts(user=analyst, request=request, load=loader([])).value


SCOPES = [TAX, WELFARE, POLICE, BRREG]


class TestEveryReadIsAuditedOnce(HypothesisTestCase):
    """Coverage: whatever mix of scopes, user and purpose, a read that touches confidential
    facts writes exactly one audit event carrying the purpose; open-only reads write none."""

    @settings(max_examples=40, deadline=None)
    @given(
        scopes=st.lists(st.sampled_from(SCOPES), min_size=1, max_size=4, unique=True),
        agency=st.sampled_from(["nav", "skatteetaten", "politi", "ntaes"]),
        role=st.sampled_from(["analyst", "inspector", "strategic_analyst", "auditor"]),
        purpose=st.sampled_from([None, "detect", "sanction", "curiosity"]),
        with_case=st.booleans(),
    )
    def test_one_event_per_confidential_read(
        self, scopes, agency, role, purpose, with_case
    ) -> None:
        user = user_create(
            username=f"u{AuditEntry.objects.count()}", agency=agency, roles=[role], centre="oslo"
        )
        case_id = None
        if with_case:
            opener = user_create(
                username=f"o{AuditEntry.objects.count()}", agency=agency, roles=["analyst"]
            )
            case_id = str(
                case_open(user=opener, title="c", subjects=[SUBJECT], purpose="detect").pk
            )
        before = AuditEntry.objects.filter(action="facts.read").count()
        request = ReadRequest(scopes, purpose, case_id, "api", SUBJECT, NOTE if with_case else None)
        out = read_facts(user=user, request=request, load=lambda s: list(s))
        events = list(AuditEntry.objects.filter(action="facts.read").order_by("seq"))[before:]
        confidential = any(s.classification is not Classification.OPEN for s in scopes)
        assert len(events) == (1 if confidential else 0)
        if events:
            assert events[0].purpose == (purpose or "")
            assert json.loads(events[0].text)["channel"] == "api"
            assert out.audit_seq == events[0].seq
        assert out.value == (out.shown or None)
        assert audit_verify().intact
