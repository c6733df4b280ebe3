"""URL routes of akrim.web.cases."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "cases"
urlpatterns: list[URLPattern | URLResolver] = []
