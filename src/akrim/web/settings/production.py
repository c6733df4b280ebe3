"""Settings for production: secrets and the database must come from the environment."""

from __future__ import annotations

import os

from akrim.web.settings.base import *  # noqa: F403

for _required in ("AKRIM_SECRET_KEY", "AKRIM_AUDIT_KEY", "AKRIM_DATABASE_URL"):
    if not os.environ.get(_required):
        raise RuntimeError(f"production settings need {_required} in the environment")

ALLOWED_HOSTS = os.environ.get("AKRIM_ALLOWED_HOSTS", "localhost").split(",")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
