"""The TOTP second factor (django-otp): who needs it, enrolment of an authenticator app, verification.

Recovery codes (django-otp's ``otp_static``, console accounts): ten single-use codes issued once when
the authenticator app is enrolled, shown once, each usable instead of a TOTP code.

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
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Ứng dụng xác thực"
RECOVERY_DEVICE_NAME = "Mã khôi phục"
RECOVERY_CODES = 10


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


def issue_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with ten new ones and return them (to be shown once)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _recovery_device(user, token: str) -> StaticDevice | None:
    """The recovery-code device the (single-use) ``token`` belongs to, the code then spent."""
    if not token or not token.isalnum():
        return None
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token.lower()):
            return device
    return None


def check_code(request: HttpRequest, user, token: str, recovery: bool = False) -> tuple[TOTPDevice | None, bool]:
    """Verify ``token`` against the user's confirmed device, or the device being enrolled (which is then
    confirmed); with ``recovery``, a recovery code of a confirmed account is accepted too.
    Returns (device or None, locked out)."""
    credentials = get_credentials(user.get_username())
    if not AxesProxyHandler.is_allowed(request, credentials):
        return None, True
    confirmed = confirmed_device(user)
    device = confirmed or enrolment_device(user)
    token = "".join(token.split())
    if token.isdigit() and device.verify_token(token):
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        return device, False
    if recovery and confirmed is not None:
        spent = _recovery_device(user, token)
        if spent is not None:
            return spent, False
    AxesProxyHandler.user_login_failed(sender=check_code, credentials=credentials, request=request)
    return None, bool(getattr(request, "axes_locked_out", False))
