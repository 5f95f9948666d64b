"""Access rules of the province-IT console (the platform host): one decorator for every console view.

A console account reaches a view only when it is active staff of the public schema *and* its session
passed the second factor (django-otp's ``is_verified``, set by ``OTPMiddleware``): a password alone,
or an account signed in some other way without a confirmed device, reaches no console action."""

from __future__ import annotations

from django.contrib.auth.decorators import user_passes_test

CONSOLE_LOGIN_URL = "console:login"


def is_console_staff(user) -> bool:
    verified = getattr(user, "is_verified", None)
    return bool(user.is_active and user.is_staff and callable(verified) and verified())


staff_required = user_passes_test(is_console_staff, login_url=CONSOLE_LOGIN_URL)
