"""Django app registration for cases."""

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "akrim.web.cases"
    label = "cases"
