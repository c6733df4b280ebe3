"""URL routes of akrim.web.outcomes."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "outcomes"
urlpatterns: list[URLPattern | URLResolver] = []
