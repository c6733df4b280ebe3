"""Django app registration for sharing."""

from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "akrim.web.sharing"
    label = "sharing"
