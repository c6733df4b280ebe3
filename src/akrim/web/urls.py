"""URL routes of the operational application (the workbench adds its own)."""

from __future__ import annotations

from django.urls import path

from akrim.web.audit import views as audit_views

urlpatterns = [
    path("dpo/", audit_views.dpo_overview, name="dpo-overview"),
]
