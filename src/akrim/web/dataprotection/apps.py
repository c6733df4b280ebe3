"""Django app registration for data protection."""

from django.apps import AppConfig


class DataProtectionConfig(AppConfig):
    name = "akrim.web.dataprotection"
    label = "dataprotection"
