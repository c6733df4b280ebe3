"""WSGI entry point for serving the operational application."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akrim.web.settings.base")
application = get_wsgi_application()
