"""URL routes of akrim.web.workbench (mounted at the site root)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from akrim.web.workbench import views

app_name = "workbench"
urlpatterns: list[URLPattern | URLResolver] = [
    path("priorities/", views.priorities, name="priorities"),
    path("actors/<str:actor_id>/", views.actor, name="actor"),
    path("actors/<str:actor_id>/expand/", views.actor_expand, name="actor-expand"),
    path("actors/<str:actor_id>/edge/", views.actor_edge, name="actor-edge"),
    path("companies/<str:key>/", views.company, name="company"),
    path("companies/<str:key>/score/", views.company_score, name="company-score"),
    path("persons/<str:entity_id>/", views.person, name="person"),
    path("search/", views.search, name="search"),
    path("workbench/context/", views.context_set, name="context"),
    path("workbench/note/", views.proportionality_note, name="note"),
    path("workbench/links/decide/", views.link_decide, name="link-decide"),
]
