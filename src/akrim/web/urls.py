"""URL routes of the web application; each app keeps its own.

Every route requires a signed-in user (``LoginRequiredMiddleware``) unless its view is marked
``login_not_required``; the list of such routes is checked by the access tests.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language

from akrim.web.audit import views as audit_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("akrim.web.ui.urls")),
    path("", include("akrim.web.workbench.urls")),
    path("api/", include("akrim.web.api.urls")),
    path("cases/", include("akrim.web.cases.urls")),
    path("tips/", include("akrim.web.tips.urls")),
    path("results/", include("akrim.web.outcomes.urls")),
    path("accounts/", include("akrim.web.accounts.urls")),
    # The language switch is on the sign-in page too, so it needs no sign-in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("dpo/", audit_views.dpo_overview, name="dpo-overview"),
]
