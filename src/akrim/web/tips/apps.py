from __future__ import annotations

from django.apps import AppConfig


class TipsConfig(AppConfig):
    name = "akrim.web.tips"
    label = "tips"
