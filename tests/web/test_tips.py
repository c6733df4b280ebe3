"""Tips: the public form in six languages without sign-in, a receipt code shown once and kept
only as a hash, adding information with it, the honeypot and per-connection throttle, CSRF,
and triage by the receiving centre only, every step audited."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils.html import escape

from akrim.web.audit.models import AuditEntry
from akrim.web.tips import services
from akrim.web.tips.models import Tip
from akrim.web.tips.texts import CATEGORIES, LANGUAGE_NAMES, REPORTER_KINDS, TEXT_KEYS, TEXTS

pytestmark = pytest.mark.django_db

ORGNR = "974760673"  # a valid org number (mod 11)
FORM = {
    "lang": "pl",
    "reporter_kind": "worker",
    "company_name": "Bygg og Vask AS",
    "orgnr": ORGNR,
    "workplace": "Storgata 1, Oslo",
    "county": "03",
    "categories": ["unpaid_wages", "housing"],
    "description": "We work 14 hours a day and have not been paid for two months.",
    "occurred": "autumn 2026",
    "anonymous": "on",
    "contact": "",
    "website": "",
}


def _submit(client: Client, **changes: object) -> tuple[int, str]:
    response = client.post("/tips/", {**FORM, **changes})
    return response.status_code, response.content.decode()


def _code(page: str) -> str:
    found = re.search(r'data-testid="receipt-code">([0-9A-Z-]+)<', page)
    assert found, page
    return found.group(1)


def test_every_language_has_every_text() -> None:
    assert set(TEXTS) == set(LANGUAGE_NAMES) >= {"en", "nb", "pl", "lt", "ro", "uk"}
    needed = {*TEXT_KEYS, *CATEGORIES, *REPORTER_KINDS}
    for lang, texts in TEXTS.items():
        assert needed <= set(texts), (lang, needed - set(texts))
        assert all(texts[k].strip() for k in needed)
    # Translated, not copied: the titles differ between languages.
    assert len({t["title"] for t in TEXTS.values()}) == len(TEXTS)


@pytest.mark.parametrize("lang", ["en", "nb", "pl", "lt", "ro", "uk"])
def test_the_form_is_public_and_in_the_chosen_language(lang: str) -> None:
    page = Client().get(f"/tips/?lang={lang}")
    assert page.status_code == 200
    html = page.content.decode()
    assert escape(TEXTS[lang]["title"]) in html and escape(TEXTS[lang]["unpaid_wages"]) in html
    assert f'<html lang="{lang}">' in html


def test_a_tip_gives_a_receipt_code_shown_once_and_kept_only_as_a_hash() -> None:
    status, page = _submit(Client())
    assert status == 200 and TEXTS["pl"]["thanks_title"] in page
    code = _code(page)
    assert len(code.replace("-", "")) == 20  # 100 bits
    tip = Tip.objects.get()
    assert tip.centre == "oslo" and tip.categories == ["housing", "unpaid_wages"]
    assert tip.anonymous and tip.contact == "" and tip.language == "pl"
    assert code not in str(list(Tip.objects.values_list()))
    assert tip.receipt_hash == services.receipt_hash(code)
    event = AuditEntry.objects.get(action="tip.received")
    assert "14 hours" not in event.text  # the audit log keeps no tip contents


def test_the_reporter_adds_information_with_the_code() -> None:
    client = Client()
    code = _code(_submit(client)[1])
    typed = code.lower().replace("-", " ")  # as copied by hand
    added = client.post("/tips/receipt/", {"code": typed, "text": "The boss is called Ola."})
    assert added.status_code == 200 and TEXTS["en"]["receipt_thanks"] in added.content.decode()
    assert Tip.objects.get().additions.get().text == "The boss is called Ola."
    wrong = client.post("/tips/receipt/", {"code": "AAAAA-AAAAA-AAAAA-AAAAA", "text": "x y z"})
    assert wrong.status_code == 404 and Tip.objects.get().additions.count() == 1


def test_contact_details_are_kept_only_when_not_anonymous() -> None:
    _submit(Client(), anonymous="", contact="+47 400 00 000")
    tip = Tip.objects.get()
    assert not tip.anonymous and tip.contact == "+47 400 00 000"


def test_bad_input_is_refused_in_the_reporters_language() -> None:
    status, page = _submit(Client(), lang="nb", orgnr="123", categories=[], description="")
    assert status == 400
    assert TEXTS["nb"]["orgnr_invalid"] in page and TEXTS["nb"]["choose_category"] in page
    assert TEXTS["nb"]["required"] in page
    assert not Tip.objects.exists()


def test_the_honeypot_keeps_nothing() -> None:
    status, page = _submit(Client(), website="http://spam.example")
    assert status == 200 and _code(page)
    assert not Tip.objects.exists()


def test_one_connection_is_throttled() -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(services.ATTEMPTS_PER_HOUR["submit"]):
        assert _submit(client)[0] == 200
    status, page = _submit(client)
    assert status == 429 and TEXTS["pl"]["throttled"] in page
    assert _submit(Client(REMOTE_ADDR="203.0.113.10"))[0] == 200  # another connection
    assert Tip.objects.count() == services.ATTEMPTS_PER_HOUR["submit"] + 1


def test_the_form_needs_its_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/tips/", FORM).status_code == 403
    page = client.get("/tips/")
    token = page.cookies["csrftoken"].value
    assert client.post("/tips/", {**FORM, "csrfmiddlewaretoken": token}).status_code == 200


def _tip(county: str = "03") -> Tip:
    tip, _ = services.tip_submit(
        data=services.TipInput("en", "union", ("safety",), "No helmets on the site.", county)
    )
    return tip


def test_triage_is_for_the_receiving_centre_only(make_user) -> None:
    tip = _tip()
    client = Client()
    assert client.get("/tips/triage/").status_code == 302  # sign in first
    client.force_login(make_user("nav", "analyst", centre="bergen"))
    assert client.get("/tips/triage/").content.count(b"#%d" % tip.pk) == 0
    assert client.get(f"/tips/triage/{tip.pk}/").status_code == 403
    client.force_login(make_user("nav", "inspector", centre="oslo"))  # no triage role
    assert client.get(f"/tips/triage/{tip.pk}/").status_code == 403
    assert not AuditEntry.objects.filter(action="tip.read").exists()
    client.force_login(make_user("skatteetaten", "analyst", centre="oslo"))
    assert b"#%d" % tip.pk in client.get("/tips/triage/").content
    page = client.get(f"/tips/triage/{tip.pk}/")
    assert page.status_code == 200 and b"No helmets" in page.content
    assert AuditEntry.objects.filter(action="tip.read").count() == 1


def test_unknown_county_goes_to_national_triage(make_user) -> None:
    tip = _tip(county="")
    assert tip.centre == ""
    client = Client()
    client.force_login(make_user("arbeidstilsynet", "analyst", centre=""))
    assert client.get(f"/tips/triage/{tip.pk}/").status_code == 200
    client.force_login(make_user("arbeidstilsynet", "analyst", centre="oslo"))
    assert client.get(f"/tips/triage/{tip.pk}/").status_code == 403


def test_triage_steps_are_audited_and_a_tip_nominates_a_case(make_user) -> None:
    tip = _tip()
    analyst = make_user("arbeidstilsynet", "analyst")
    manager = make_user("nav", "centre_manager")
    client = Client()
    client.force_login(manager)
    url = f"/tips/triage/{tip.pk}/"
    client.post(url + "assign/", {"assignee": analyst.username})
    client.post(url + "state/", {"state": "triaged"})
    refused = client.post(url + "state/", {"state": "dismissed", "reason": ""}, follow=True)
    assert b"say why the tip is dismissed" in refused.content
    client.post(url + "link/", {"entity_kind": "company", "entity_id": ORGNR, "label": "Bygg"})
    tip.refresh_from_db()
    assert tip.assigned_to == analyst and tip.state == "linked"
    client.force_login(analyst)
    response = client.post(url + "nominate/", {"title": "Bygg og Vask", "purpose": "detect"})
    tip.refresh_from_db()
    assert tip.state == "nominated" and tip.case_id is not None
    assert response.status_code == 302 and response["Location"] == f"/cases/{tip.case_id}/"
    from akrim.web.cases.models import Case

    case = Case.objects.get(pk=tip.case_id)
    assert case.source == "tip" and case.source_ref == str(tip.pk)
    assert list(case.subjects.values_list("subject", flat=True)) == [ORGNR]
    changes = list(AuditEntry.objects.filter(action="tip.triaged").values_list("text", flat=True))
    assert len(changes) == 5  # assign, triaged, link, linked, nominated
    assert AuditEntry.objects.filter(action="case.opened").exists()
    moved = client.post(url + "state/", {"state": "triaged"}, follow=True)
    assert b"can move to: none" in moved.content


def test_stale_tips_that_led_nowhere_are_purged_after_retention(make_user) -> None:
    import datetime as dt

    from django.utils import timezone

    kept_linked, dismissed, fresh = _tip(), _tip(), _tip()
    analyst = make_user("arbeidstilsynet", "analyst")
    services.tip_link(user=analyst, tip=kept_linked, entity_kind="company", entity_id=ORGNR)
    services.tip_set_state(user=analyst, tip=dismissed, state="dismissed", reason="not ours")
    old = timezone.now() - dt.timedelta(days=4000)
    Tip.objects.exclude(pk=fresh.pk).update(received_at=old)
    assert services.tip_retention_purge() == 1  # the old dismissed one
    assert set(Tip.objects.values_list("pk", flat=True)) == {kept_linked.pk, fresh.pk}
    assert AuditEntry.objects.filter(action="dataprotection.purged").count() == 1


def test_the_data_protection_purge_run_removes_stale_tips_and_logs_them(make_user) -> None:
    import datetime as dt

    from django.utils import timezone

    from akrim.web.dataprotection.models import PurgeLogEntry
    from akrim.web.dataprotection.services import retention_purge

    dismissed, fresh = _tip(), _tip()
    analyst = make_user("arbeidstilsynet", "analyst")
    services.tip_set_state(user=analyst, tip=dismissed, state="dismissed", reason="not ours")
    Tip.objects.filter(pk=dismissed.pk).update(received_at=timezone.now() - dt.timedelta(days=4000))
    rehearsal = retention_purge(by="dpo", dry_run=True)
    assert rehearsal.removed["tips"] == 1 and Tip.objects.count() == 2  # a dry run keeps them
    run = retention_purge(by="dpo")
    assert run.removed["tips"] == 1
    assert list(Tip.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert PurgeLogEntry.objects.filter(run=run, target="tips").count() == 1
