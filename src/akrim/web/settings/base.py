"""Settings shared by every environment: where the operational database lives, the apps."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
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
    # Django's admin with the platform's admin site (administrators, two-step sign-in).
    "akrim.web.accounts.apps.AkrimAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "akrim.web.ui",
    "akrim.web.accounts",
    "akrim.web.audit",
    "akrim.web.cases",
    "akrim.web.sharing",
    "akrim.web.dataprotection",
    "akrim.web.workbench",
    "akrim.web.api",
    # django-ninja's bundled Swagger UI for /api/docs (no CDN).
    "ninja",
    "akrim.web.tips",
    "akrim.web.outcomes",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "akrim.web.accounts.middleware.IdleTimeoutMiddleware",
    # Default deny: every route needs a signed-in user unless its view is marked
    # `login_not_required` (the explicit list is tested).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a locked-out sign-in into the lock-out page; last, as axes asks.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
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
LANGUAGES = [("en", "English"), ("nb", "Norsk bokmål")]
USE_I18N = True
LOCALE_PATHS = [Path(__file__).resolve().parent.parent / "locale"]
STATIC_URL = "static/"
# Served by WhiteNoise straight from the installed package (no collect step).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Sign-in: lock-out after repeated failures (django-axes) before the password check.
AUTHENTICATION_BACKENDS = [
    "akrim.web.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords or codes for one user name from one address lock that pair for a
# quarter of an hour (counted from the lock, not extended by further tries); an
# administrator can lift it. A sign-in that succeeds clears the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "akrim.web.accounts.views.locked_out"
AXES_VERBOSE = False
# Second factor: TOTP codes (authenticator apps) from django-otp.
OTP_TOTP_ISSUER = "akrim"
# Sessions end after a working day, when the browser closes, and after half an hour unused.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
AKRIM_SESSION_IDLE_SECONDS = int(os.environ.get("AKRIM_SESSION_IDLE_SECONDS", "1800"))
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
