"""Django app registration for accounts."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "akrim.web.accounts"
    label = "accounts"
