"""Django app registration for accounts."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True
    name = "akrim.web.accounts"
    label = "accounts"

    def ready(self) -> None:
        from akrim.web.accounts import sign_in_audit

        sign_in_audit.connect()


class AkrimAdminConfig(admin_apps.AdminConfig):
    """Django's admin app with the platform's admin site as the default site."""

    default = False

    default_site = "akrim.web.accounts.admin_site.AkrimAdminSite"
