"""URL routes of akrim.web.cases (mounted at /cases/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from akrim.web.cases import views

app_name = "cases"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.case_list, name="list"),
    path("overdue/", views.overdue, name="overdue"),
    path("new/", views.nominate, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/transition/", views.transition, name="transition"),
    path("<int:pk>/update/", views.update, name="update"),
    path("<int:pk>/subjects/", views.subject_add, name="subject-add"),
    path("<int:pk>/notes/", views.note_add, name="note-add"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment-add"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment_get, name="attachment"),
    path("<int:pk>/osint/", views.osint_add, name="osint-add"),
    path("<int:pk>/facts/", views.facts_collect, name="facts-collect"),
    path("<int:pk>/report/draft/", views.report_draft, name="report-draft"),
    path("<int:pk>/report/edit/", views.report_edit, name="report-edit"),
    path("<int:pk>/report/submit/", views.report_submit, name="report-submit"),
    path("<int:pk>/report.pdf", views.report_download, name="report-pdf"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/actions/", views.coordinated_action_add, name="action-add"),
    path("<int:pk>/measures/", views.measure_add, name="measure-add"),
    path("<int:pk>/measures/<int:measure_id>/move/", views.measure_move, name="measure-move"),
    path("<int:pk>/measures/<int:measure_id>/result/", views.measure_result, name="measure-result"),
    path("<int:pk>/evaluate/", views.evaluate, name="evaluate"),
]
