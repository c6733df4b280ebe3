"""URL routes of akrim.web.ui."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from akrim.web.ui import views

app_name = "ui"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
]
