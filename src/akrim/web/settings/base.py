"""Settings shared by every environment: where the operational database lives, the apps."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

STORE = Path(os.environ.get("AKRIM_STORE", "./akrim-data")).resolve()
DATABASE_URL = os.environ.get("AKRIM_DATABASE_URL", "")


def _database() -> dict[str, Any]:
    """PostgreSQL (or any URL) when AKRIM_DATABASE_URL is set, else `<store>/app.sqlite3`."""
    if DATABASE_URL:
        return dict(dj_database_url.parse(DATABASE_URL, conn_max_age=60))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(STORE / "app.sqlite3"),
        # Writers queue instead of failing: each transaction takes the write lock up front,
        # so two processes never both read the same audit head.
        # The write-ahead log lets pages read while a writer commits, and commits cheaply.
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


def _store_secret(name: str, env: str) -> str:
    """A secret from the environment, else one generated once and kept in the store."""
    if os.environ.get(env):
        return os.environ[env]
    path = STORE / name
    if path.exists():
        return path.read_text().strip()
    STORE.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    path.write_text(value)
    path.chmod(0o600)
    return value


DATABASES = {"default": _database()}
SECRET_KEY = _store_secret("secret.key", "AKRIM_SECRET_KEY")
# Signs exported audit checkpoints; partners keep what they witnessed.
AKRIM_AUDIT_KEY = _store_secret("audit.key", "AKRIM_AUDIT_KEY")
AKRIM_DISCLOSURE_K = int(os.environ.get("AKRIM_DISCLOSURE_K", "5"))
AKRIM_POLICY_FILE = os.environ.get("AKRIM_POLICY_FILE", "")

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "akrim.web.accounts",
    "akrim.web.audit",
    "akrim.web.cases",
    "akrim.web.sharing",
    "akrim.web.dataprotection",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "akrim.web.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
WSGI_APPLICATION = "akrim.web.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
STATIC_URL = "static/"
