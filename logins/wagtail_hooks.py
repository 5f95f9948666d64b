"""A site's admin: the second-factor step and, in the Settings menu, the lockouts of the site's login
forms (shown to whoever may view axes' attempts — the head, Trưởng ban — and unlocked by whoever may
delete them)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.admin_menu import PermissionMenuItem

from . import views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("xac-thuc-hai-buoc/", views.admin_second_factor, name="logins_second_factor"),
        path("khoa-dang-nhap/", views.admin_lockouts, name="logins_lockouts"),
        path("khoa-dang-nhap/mo-khoa/", views.admin_unlock, name="logins_unlock"),
    ]


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return PermissionMenuItem(
        _("Khoá đăng nhập"),
        reverse("logins_lockouts"),
        views.VIEW_PERMISSION,
        name="login-lockouts",
        icon_name="lock",
        order=900,
    )


@hooks.register("register_account_menu_item")
def register_second_factor_account_item(request):
    return {
        "url": reverse("logins_second_factor"),
        "label": _("Xác thực hai bước"),
        "help_text": _("Đăng ký hoặc dùng ứng dụng tạo mã (TOTP) khi đăng nhập."),
    }
