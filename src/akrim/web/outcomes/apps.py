from __future__ import annotations

from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "akrim.web.outcomes"
    label = "outcomes"
