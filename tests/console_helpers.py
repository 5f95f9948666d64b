"""Console sessions for tests: a staff account of the public schema signed in with its second factor
passed (a confirmed TOTP device, its id in the session as django-otp's login stores it)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context

HOST = {"HTTP_HOST": settings.PLATFORM_HOST}


def console_staff(username: str = "cntt", password: str = "Mat-khau-dai-2026!"):
    with schema_context("public"):
        return get_user_model().objects.create_user(username, password=password, is_staff=True)


def verified_login(client: Client, user) -> Client:
    """``force_login`` plus a verified second factor, as after the console's TOTP step."""
    with schema_context("public"):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="test", confirmed=True
        )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def confirmed(client: Client, url: str, data: dict | None = None):
    """An action as an officer does it: the form posted (→ the confirmation page), then confirmed."""
    data = data or {}
    preview = client.post(url, data, **HOST)
    assert preview.status_code == 200, preview.content.decode()[:2000]
    assert "Xác nhận thao tác" in preview.content.decode()
    return client.post(url, {**data, "confirm": "1"}, **HOST)
