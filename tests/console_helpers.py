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


def register_rows(province, count: int, name: str, schema_prefix: str, digits: int = 3, suspended_every: int = 0):
    """``count`` commune rows under ``province`` with their primary domains, in the public schema only
    (no schemas behind them: the register reads these rows), for the register's tests and benchmark.
    ``name`` is a format with ``{i}`` (e.g. "Xã số {i:03d}"); slugs are "x" + the number."""
    from tenants.models import Domain, Tenant

    with schema_context("public"):
        sites = Tenant.objects.bulk_create(
            Tenant(
                schema_name=f"{schema_prefix}{i}",
                name=name.format(i=i),
                slug=f"x{i:0{digits}d}",
                kind="commune",
                parent=province,
                path=f"{province.path}.x{i:0{digits}d}",
                status="suspended" if suspended_every and i % suspended_every == 0 else "active",
            )
            for i in range(count)
        )
        Domain.objects.bulk_create(
            Domain(domain=f"{site.slug}.{province.slug}.localhost", tenant=site, is_primary=True) for site in sites
        )
    return sites
