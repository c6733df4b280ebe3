"""URL routes of akrim.web.tips: the public form and receipt page, and triage."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from akrim.web.tips import views

app_name = "tips"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.tip_form, name="form"),
    path("receipt/", views.receipt, name="receipt"),
    path("triage/", views.triage_list, name="triage"),
    path("triage/<int:tip_id>/", views.triage_detail, name="triage-detail"),
    path(
        "triage/<int:tip_id>/<str:action>/",
        views.triage_action,
        name="triage-action",
    ),
]
