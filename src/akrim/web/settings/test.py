"""Settings for the test suite: fast password hashing; the database is the test runner's."""

from __future__ import annotations

from akrim.web.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AKRIM_AUDIT_KEY = "test-audit-key"
SECRET_KEY = "test-secret-key"
