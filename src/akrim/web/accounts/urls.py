"""URL routes of akrim.web.accounts: sign-in (two steps), sign-out, the user's account."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, path

from akrim.web.accounts import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("login/", login_not_required(views.SignInView.as_view()), name="login"),
    path("login/code/", views.sign_in_code, name="login-code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.account, name="account"),
    path("totp/enrol/", views.totp_enrol, name="totp-enrol"),
    path("totp/remove/", views.totp_remove, name="totp-remove"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(success_url="/accounts/"),
        name="password_change",
    ),
]
