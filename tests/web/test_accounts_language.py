"""Norwegian bokmål: the compiled catalogue ships with the package and the pages use it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation


def test_the_compiled_catalogue_is_committed_and_current() -> None:
    folder = Path(settings.LOCALE_PATHS[0]) / "nb" / "LC_MESSAGES"
    po, mo = folder / "django.po", folder / "django.mo"
    assert mo.exists(), "run compilemessages (docs/web.md) and commit the .mo"
    # A catalogue edited after compiling would ship stale translations (a fresh checkout
    # gives both files about the same time).
    assert mo.stat().st_mtime >= po.stat().st_mtime - 5, "run compilemessages"


def test_gettext_answers_in_norwegian() -> None:
    with translation.override("nb"):
        assert translation.gettext("Sign in") == "Logg inn"
        assert translation.gettext("Priorities") == "Prioriteringer"


@pytest.mark.django_db
def test_the_sign_in_page_in_norwegian(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="nb">' in page and "Logg inn" in page and "Brukernavn" in page


@pytest.mark.django_db
def test_the_language_switch_works_before_sign_in(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "nb", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert "Logg inn" in client.get("/accounts/login/").content.decode()
