"""Settings for the test suite: fast password hashing, fixed keys, a throw-away store."""

from __future__ import annotations

import os
import tempfile

# The base settings read these from the environment; set them only while importing, so
# that tests never write into the working copy and subprocesses of tests inherit nothing.
_FOR_TESTS = {
    "AKRIM_SECRET_KEY": "test-secret-key",
    "AKRIM_AUDIT_KEY": "test-audit-key",
    "AKRIM_STORE": os.path.join(tempfile.gettempdir(), "akrim-test-store"),
}
_saved = {name: os.environ.get(name) for name in _FOR_TESTS}
for _name, _value in _FOR_TESTS.items():
    os.environ.setdefault(_name, _value)  # a store a command was given wins
try:
    from akrim.web.settings.base import *  # noqa: F403
finally:
    for _saved_name, _saved_value in _saved.items():
        if _saved_value is None:
            os.environ.pop(_saved_name, None)
        else:
            os.environ[_saved_name] = _saved_value

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
