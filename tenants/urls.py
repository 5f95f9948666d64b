"""URLs of the province-IT console (served on PLATFORM_HOST only)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from logins.views import ConsoleLoginView, console_second_factor

from . import views

app_name = "console"
urlpatterns = [
    path("", views.tenant_tree, name="tree"),
    # Password, then TOTP code: the account is signed in only after both (console accounts always).
    path("dang-nhap/", ConsoleLoginView.as_view(), name="login"),
    path("dang-nhap/xac-thuc/", console_second_factor, name="second_factor"),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page="console:tree"), name="logout"),
    path("khoa-dang-nhap/", views.lockouts, name="lockouts"),
    path("khoa-dang-nhap/mo-khoa/", views.unlock, name="unlock"),
]
