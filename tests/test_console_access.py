"""Who reaches the console (issue 11 items 1–2): staff of the public schema with a second factor; recovery
codes shown once at enrolment, each usable once instead of a TOTP code; a console account without its
second factor reaches no action; a commune editor's credentials do not open the console."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context, tenant_context

from tenants.models import Tenant

from .console_helpers import HOST, console_staff

PASSWORD = "Mat-khau-dai-2026!"
ACTION_URLS = [
    "/don-vi/",
    "/don-vi/tao-moi/",
    "/tai-khoan/",
    "/nhat-ky/",
    "/nhat-ky/csv/",
    "/khoa-dang-nhap/",
    "/sap-nhap/",
    "/sap-nhap/1/",
]


def token_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def password_step(client: Client, username: str, password: str = PASSWORD):
    return client.post("/dang-nhap/", {"username": username, "password": password}, **HOST)


def test_enrolment_shows_recovery_codes_once_and_a_code_works_once(db):
    console_staff("cntt_tinh", PASSWORD)
    first = Client()
    assert password_step(first, "cntt_tinh").status_code == 302
    assert "<svg" in first.get("/dang-nhap/xac-thuc/", **HOST).content.decode()
    with schema_context("public"):
        device = TOTPDevice.objects.get(user__username="cntt_tinh")
    shown = first.post("/dang-nhap/xac-thuc/", {"token": token_for(device)}, **HOST)
    body = shown.content.decode()
    assert shown.status_code == 200 and "Mã khôi phục" in body
    with schema_context("public"):
        codes = list(StaticToken.objects.filter(device__user__username="cntt_tinh").values_list("token", flat=True))
    assert len(codes) == 10 and all(code in body for code in codes)
    assert first.get("/don-vi/", **HOST).status_code == 200

    # Phone lost: a recovery code instead of the TOTP code, once.
    for attempt, expected in ((codes[0], 302), (codes[0], 200)):
        other = Client()
        assert password_step(other, "cntt_tinh").status_code == 302
        page = other.get("/dang-nhap/xac-thuc/", **HOST).content.decode()
        assert "Mã khôi phục" in page and "<svg" not in page  # no new enrolment, no codes shown again
        answer = other.post("/dang-nhap/xac-thuc/", {"token": attempt.upper()}, **HOST)
        assert answer.status_code == expected
        assert other.get("/don-vi/", **HOST).status_code == (200 if expected == 302 else 302)
    with schema_context("public"):
        assert StaticToken.objects.filter(device__user__username="cntt_tinh").count() == 9


@pytest.mark.parametrize("url", ACTION_URLS)
def test_a_console_account_without_its_second_factor_reaches_no_action(db, url):
    staff = console_staff()
    password_only = Client()
    password_only.force_login(staff)  # signed in, second factor never given
    answer = password_only.get(url, **HOST)
    assert answer.status_code == 302 and answer["Location"].startswith("/dang-nhap/")


def test_an_unverified_post_changes_nothing(province):
    staff = console_staff()
    client = Client()
    client.force_login(staff)
    answer = client.post(f"/don-vi/{province.path}/tam-dung/", {"reason": "x", "confirm": "1"}, **HOST)
    assert answer.status_code == 302
    with schema_context("public"):
        assert Tenant.objects.get(pk=province.pk).status == "active"


def test_a_commune_editor_cannot_open_the_console(commune):
    with tenant_context(commune):
        get_user_model().objects.create_superuser("bientap", password=PASSWORD)
    with schema_context("public"):
        assert not get_user_model().objects.filter(username="bientap").exists()  # never in the public schema
    client = Client()
    refused = password_step(client, "bientap")
    assert refused.status_code == 200 and "Tên đăng nhập hoặc mật khẩu không đúng" in refused.content.decode()
    assert client.get("/don-vi/", **HOST).status_code == 302
    # Signed in on the commune's own admin, the session does not carry over to the platform host.
    site = Client()
    assert (
        site.post(
            "/admin/login/", {"username": "bientap", "password": PASSWORD}, HTTP_HOST=commune.primary_hostname
        ).status_code
        == 302
    )
    assert site.get("/don-vi/", **HOST).status_code == 302
