"""URL routes of akrim.web.outcomes (mounted at /results/): dashboard, CSV, evaluation."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from akrim.web.outcomes import views

app_name = "outcomes"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("export.csv", views.export_csv, name="export"),
    path("evaluation/", views.evaluation, name="evaluation"),
    path("evaluation/case/<int:case_id>/", views.case_evaluation, name="case-evaluation"),
]
