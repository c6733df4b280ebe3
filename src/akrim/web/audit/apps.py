"""Django app registration for the audit log."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "akrim.web.audit"
    label = "audit"
