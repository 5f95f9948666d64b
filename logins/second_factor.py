"""The TOTP second factor (django-otp): who needs it, enrolment of an authenticator app, verification.

Required of a site's superusers when ``REQUIRE_2FA_SUPERUSERS`` is on, of every account that enrolled a
device, and of console accounts always (their login has the second step built in). A wrong code counts
as a failed sign-in of the account (the same lockout as a wrong password), on top of the device's own
throttling.
"""

from __future__ import annotations

from base64 import b32encode

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials
from django.conf import settings
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Ứng dụng xác thực"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def requires_second_factor(user) -> bool:
    """Whether ``user`` must give a TOTP code before reaching the admin."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser and settings.REQUIRE_2FA_SUPERUSERS:
        return True
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolment_device(user) -> TOTPDevice:
    """The not yet confirmed device ``user`` is enrolling (created on first use)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def manual_key(device: TOTPDevice) -> str:
    """The secret in base32, grouped by four, for typing into an app instead of scanning."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code (otpauth:// URL) as inline SVG markup."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


def check_code(request: HttpRequest, user, token: str) -> tuple[TOTPDevice | None, bool]:
    """Verify ``token`` against the user's confirmed device, or the device being enrolled (which is then
    confirmed). Returns (device or None, locked out)."""
    credentials = get_credentials(user.get_username())
    if not AxesProxyHandler.is_allowed(request, credentials):
        return None, True
    device = confirmed_device(user) or enrolment_device(user)
    token = "".join(token.split())
    if token.isdigit() and device.verify_token(token):
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        return device, False
    AxesProxyHandler.user_login_failed(sender=check_code, credentials=credentials, request=request)
    return None, bool(getattr(request, "axes_locked_out", False))
