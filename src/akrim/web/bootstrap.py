"""Start Django from the command line: point it at a store, bring the schema up to date."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_SETTINGS = "akrim.web.settings.base"


def setup(store: Path, *, migrate: bool = True) -> None:
    """Configure Django for ``store`` and apply migrations. When the host process configured
    Django already (a server, the test runner), it owns the database and its schema."""
    import django
    from django.conf import settings

    if settings.configured:
        django.setup()
        return
    store.mkdir(parents=True, exist_ok=True)
    os.environ["AKRIM_STORE"] = str(store)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
