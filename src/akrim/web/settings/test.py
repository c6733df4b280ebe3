"""Settings for the test suite: fast password hashing, fixed keys, a throw-away store."""

from __future__ import annotations

import os
import tempfile

# Set before the base settings read them, so that tests never write into the working copy.
os.environ.setdefault("AKRIM_SECRET_KEY", "test-secret-key")
os.environ.setdefault("AKRIM_AUDIT_KEY", "test-audit-key")
os.environ.setdefault("AKRIM_STORE", os.path.join(tempfile.gettempdir(), "akrim-test-store"))

from akrim.web.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
