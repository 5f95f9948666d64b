"""Access rules of the province-IT console (the platform host): one decorator for every console view."""

from __future__ import annotations

from django.contrib.auth.decorators import user_passes_test

CONSOLE_LOGIN_URL = "console:login"


def is_console_staff(user) -> bool:
    return bool(user.is_active and user.is_staff)


staff_required = user_passes_test(is_console_staff, login_url=CONSOLE_LOGIN_URL)
