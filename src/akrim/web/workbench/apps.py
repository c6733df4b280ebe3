from __future__ import annotations

from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "akrim.web.workbench"
    label = "workbench"
