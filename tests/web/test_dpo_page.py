"""The data-protection officer's page: auditors only."""

from __future__ import annotations

import pytest
from django.test import Client

from akrim.web.dataprotection.services import processing_records_sync

pytestmark = pytest.mark.django_db


def test_only_auditors_see_the_dpo_page(make_user) -> None:
    processing_records_sync()
    client = Client()
    assert client.get("/dpo/").status_code == 302  # not signed in: to the sign-in page
    client.force_login(make_user("nav", "analyst"))
    refused = client.get("/dpo/")
    assert refused.status_code == 403 and b"audit.read needs one of the roles" in refused.content
    client.force_login(make_user("arbeidstilsynet", "auditor", centre=""))
    page = client.get("/dpo/")
    assert page.status_code == 200
    assert b"audit log intact" in page.content and b"politi/anmeldelser.csv" in page.content
