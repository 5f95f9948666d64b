"""Keeps a signed-in account that needs a second factor out of a site's admin until it has given one.

Runs after django-otp's ``OTPMiddleware`` (which tells whether the session is verified). Only the admin
of a site is gated; the console's login asks for the code before it signs anyone in.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse

from .second_factor import requires_second_factor

SECOND_FACTOR_URL_NAME = "logins_second_factor"
# Admin pages an unverified account may still open: the second factor itself, sign-in and sign-out.
OPEN_URL_NAMES = frozenset({SECOND_FACTOR_URL_NAME, "wagtailadmin_login", "wagtailadmin_logout"})


def _admin_prefix() -> str | None:
    try:
        return reverse("wagtailadmin_home")
    except NoReverseMatch:  # the platform host has no Wagtail admin
        return None


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_URL_NAMES:
            return None
        prefix = _admin_prefix()
        if prefix is None or not request.path.startswith(prefix):
            return None
        if not requires_second_factor(user):
            return None
        return redirect(f"{reverse(SECOND_FACTOR_URL_NAME)}?{urlencode({'next': request.get_full_path()})}")
