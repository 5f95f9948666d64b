"""Brute force stopped (issue 12, hole 3): every login form — a site's admin, the console, a page's
password — locks an account and an address after AXES_FAILURE_LIMIT failures, in that site only; the
site's head (Trưởng ban) and province IT see and lift lockouts; the TOTP second factor keeps a
superuser out of the admin until a code is given; console accounts always sign in with a code."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context, tenant_context

from sites.models import NewsIndexPage
from sites.provisioning import EDITOR_GROUP, HEAD_GROUP

from .content_helpers import BOARD_PASSWORD, add_index, host, make_user

ATTACKER = "203.0.113.7"
OTHER_ADDRESS = "198.51.100.20"
LIMIT = settings.AXES_FAILURE_LIMIT


def login(client: Client, tenant, username: str, password: str):
    return client.post("/admin/login/", {"username": username, "password": password}, HTTP_HOST=host(tenant))


def hammer(client: Client, tenant, username: str, times: int = 30) -> list[int]:
    return [login(client, tenant, username, f"sai-{i}").status_code for i in range(times)]


def assert_locked_notice(response) -> None:
    assert response.status_code == 429
    body = response.content.decode()
    assert "Tài khoản tạm khoá do đăng nhập sai nhiều lần" in body and "Account temporarily locked" in body
    minutes = settings.AXES_COOLOFF_TIME.total_seconds() / 60
    assert f"thử lại sau {int(minutes)} phút" in body
    assert 0 < int(response["Retry-After"]) <= settings.AXES_COOLOFF_TIME.total_seconds()


def age_attempts(tenant_or_schema, by: timedelta) -> None:
    """Let the cool-off pass: every counted failure moves ``by`` into the past."""
    schema = getattr(tenant_or_schema, "schema_name", tenant_or_schema)
    with schema_context(schema):
        for attempt in AccessAttempt.objects.all():
            AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - by)


@pytest.fixture
def board_site(make_tenant):
    tenant = make_tenant("khoaso")
    with tenant_context(tenant):
        make_user("bientap", EDITOR_GROUP)
        make_user("truongban", HEAD_GROUP)
    return tenant


def test_thirty_wrong_passwords_lock_the_account_until_the_cool_off_ends(board_site):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    statuses = hammer(attacker, board_site, "bientap")
    assert statuses[: LIMIT - 1] == [200] * (LIMIT - 1)  # the form again, with an error
    assert set(statuses[LIMIT - 1 :]) == {429}
    # The right password is refused now, from the attacker's address and from any other (per account).
    assert_locked_notice(login(attacker, board_site, "bientap", BOARD_PASSWORD))
    owner = Client(REMOTE_ADDR=OTHER_ADDRESS)
    assert_locked_notice(login(owner, board_site, "bientap", BOARD_PASSWORD))
    assert owner.get("/admin/", HTTP_HOST=host(board_site)).status_code == 302  # not signed in
    # The attacker's address is locked for every account of the site (per address).
    assert login(attacker, board_site, "truongban", BOARD_PASSWORD).status_code == 429
    # Failures during the lockout do not extend it; once the cool-off has passed the owner signs in.
    age_attempts(board_site, settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
    assert login(owner, board_site, "bientap", BOARD_PASSWORD).status_code == 302
    assert owner.get("/admin/", HTTP_HOST=host(board_site)).status_code == 200


def test_a_lockout_on_one_site_does_not_lock_the_same_username_on_another(make_tenant):
    a, b = make_tenant("khoaa"), make_tenant("khoab")
    for tenant in (a, b):
        with tenant_context(tenant):
            make_user("bientap", EDITOR_GROUP)
    attacker = Client(REMOTE_ADDR=ATTACKER)
    hammer(attacker, a, "bientap", LIMIT)
    assert login(attacker, a, "bientap", BOARD_PASSWORD).status_code == 429
    # Same username, same address, another site: its own accounts, its own counters.
    assert login(Client(REMOTE_ADDR=ATTACKER), b, "bientap", BOARD_PASSWORD).status_code == 302
    with tenant_context(b):
        assert not AccessAttempt.objects.exists()


def test_the_head_sees_the_lockout_and_unlocks_it_in_the_site_admin(board_site):
    hammer(Client(REMOTE_ADDR=ATTACKER), board_site, "bientap", LIMIT)
    member = Client(REMOTE_ADDR=OTHER_ADDRESS)
    assert login(member, board_site, "bientap", BOARD_PASSWORD).status_code == 429
    # An editor (not the head) is refused the list; the head, signed in as a board member, sees it.
    with tenant_context(board_site):
        make_user("bientap2", EDITOR_GROUP)
    editor = Client(REMOTE_ADDR=OTHER_ADDRESS)
    assert login(editor, board_site, "bientap2", BOARD_PASSWORD).status_code == 302
    refused = editor.get("/admin/khoa-dang-nhap/", HTTP_HOST=host(board_site))
    assert refused.status_code == 302 and refused["Location"] == "/admin/"  # Wagtail's "no permission"
    head = Client(REMOTE_ADDR=OTHER_ADDRESS)
    assert login(head, board_site, "truongban", BOARD_PASSWORD).status_code == 302
    page = head.get("/admin/khoa-dang-nhap/", HTTP_HOST=host(board_site))
    body = page.content.decode()
    assert page.status_code == 200 and "bientap" in body and ATTACKER in body and "Đang khoá đến" in body
    assert "/admin/khoa-dang-nhap/" in head.get("/admin/", HTTP_HOST=host(board_site)).content.decode()  # menu
    with tenant_context(board_site):
        attempt_id = AccessAttempt.objects.get(username="bientap").pk
    editor.post("/admin/khoa-dang-nhap/mo-khoa/", {"attempt": attempt_id}, HTTP_HOST=host(board_site))
    with tenant_context(board_site):
        assert AccessAttempt.objects.filter(pk=attempt_id).exists()  # the editor could not unlock
    done = head.post("/admin/khoa-dang-nhap/mo-khoa/", {"attempt": attempt_id}, HTTP_HOST=host(board_site))
    assert done.status_code == 302
    with tenant_context(board_site):
        assert not AccessAttempt.objects.filter(username="bientap").exists()
    assert login(member, board_site, "bientap", BOARD_PASSWORD).status_code == 302
    # Bad input changes nothing.
    assert head.post("/admin/khoa-dang-nhap/mo-khoa/", {"attempt": "x"}, HTTP_HOST=host(board_site)).status_code == 302


def test_a_page_password_form_locks_per_page_and_address(board_site):
    from wagtail.models import PageViewRestriction

    with tenant_context(board_site):
        page = add_index(NewsIndexPage, "noi-bo", "Tài liệu nội bộ")
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="Mat-khau-trang-2026"
        )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"

    def enter(client: Client, password: str):
        return client.post(url, {"password": password, "return_url": "/noi-bo/"}, HTTP_HOST=host(board_site))

    guesser = Client(REMOTE_ADDR=ATTACKER)
    assert guesser.get("/noi-bo/", HTTP_HOST=host(board_site)).status_code == 200  # the password form
    statuses = [enter(guesser, f"doan-{i}").status_code for i in range(30)]
    assert statuses[: LIMIT - 1] == [200] * (LIMIT - 1) and set(statuses[LIMIT - 1 :]) == {429}
    refused = enter(guesser, "Mat-khau-trang-2026")
    assert refused.status_code == 429 and "Tạm khoá nhập mật khẩu" in refused.content.decode()
    assert "Password entry temporarily locked" in refused.content.decode()
    # Keyed by page + address: a visitor elsewhere still gets in (nobody can lock a page for everyone).
    visitor = Client(REMOTE_ADDR=OTHER_ADDRESS)
    assert enter(visitor, "Mat-khau-trang-2026").status_code == 302
    assert visitor.get("/noi-bo/", HTTP_HOST=host(board_site)).status_code == 200
    # The head sees it and can lift it.
    head = Client(REMOTE_ADDR=OTHER_ADDRESS)
    login(head, board_site, "truongban", BOARD_PASSWORD)
    assert (
        f"Mật khẩu trang #{page.pk}" in head.get("/admin/khoa-dang-nhap/", HTTP_HOST=host(board_site)).content.decode()
    )


@pytest.fixture
def console_account(db):
    with schema_context("public"):
        return get_user_model().objects.create_user("cntt_tinh", password=BOARD_PASSWORD, is_staff=True)


def console_login(client: Client, username: str, password: str):
    return client.post("/dang-nhap/", {"username": username, "password": password}, HTTP_HOST=settings.PLATFORM_HOST)


def test_console_login_is_throttled(console_account):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    statuses = [console_login(attacker, "cntt_tinh", f"sai-{i}").status_code for i in range(30)]
    assert statuses[: LIMIT - 1] == [200] * (LIMIT - 1) and set(statuses[LIMIT - 1 :]) == {429}
    assert_locked_notice(console_login(Client(REMOTE_ADDR=OTHER_ADDRESS), "cntt_tinh", BOARD_PASSWORD))
    with schema_context("public"):
        assert AccessAttempt.objects.filter(username="cntt_tinh", failures_since_start__gte=LIMIT).exists()


def token_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_console_accounts_sign_in_with_password_and_totp_and_province_it_unlocks_a_site(console_account, board_site):
    it = Client(REMOTE_ADDR=OTHER_ADDRESS)
    step_one = console_login(it, "cntt_tinh", BOARD_PASSWORD)
    assert step_one.status_code == 302 and step_one["Location"].startswith("/dang-nhap/xac-thuc/")
    # The password alone signs nobody in.
    assert it.get("/khoa-dang-nhap/", HTTP_HOST=settings.PLATFORM_HOST).status_code == 302
    enrol = it.get("/dang-nhap/xac-thuc/", HTTP_HOST=settings.PLATFORM_HOST)
    assert enrol.status_code == 200 and "<svg" in enrol.content.decode()
    wrong = it.post("/dang-nhap/xac-thuc/", {"token": "000000"}, HTTP_HOST=settings.PLATFORM_HOST)
    assert wrong.status_code == 200 and "Mã xác thực không đúng" in wrong.content.decode()
    with schema_context("public"):
        device = TOTPDevice.objects.get(user__username="cntt_tinh")
    # The device throttles after a wrong code (1 s, doubling): even the right code waits.
    assert (
        it.post("/dang-nhap/xac-thuc/", {"token": token_for(device)}, HTTP_HOST=settings.PLATFORM_HOST).status_code
        == 200
    )
    time.sleep(1.2)
    with schema_context("public"):
        token = token_for(TOTPDevice.objects.get(user__username="cntt_tinh"))
    done = it.post("/dang-nhap/xac-thuc/", {"token": token}, HTTP_HOST=settings.PLATFORM_HOST)
    # Signed in; the first sign-in (enrolment) shows the recovery codes once (tests/test_console_access.py).
    assert done.status_code == 200 and "Mã khôi phục" in done.content.decode()
    # Province IT sees a site's lockout on the console and lifts it.
    hammer(Client(REMOTE_ADDR=ATTACKER), board_site, "bientap", LIMIT)
    listing = it.get("/khoa-dang-nhap/", HTTP_HOST=settings.PLATFORM_HOST)
    assert listing.status_code == 200 and board_site.name in listing.content.decode()
    with tenant_context(board_site):
        attempt_id = AccessAttempt.objects.get(username="bientap").pk
    it.post(
        "/khoa-dang-nhap/mo-khoa/",
        {"schema": board_site.schema_name, "attempt": attempt_id},
        HTTP_HOST=settings.PLATFORM_HOST,
    )
    assert login(Client(REMOTE_ADDR=ATTACKER), board_site, "bientap", BOARD_PASSWORD).status_code == 302
    # An anonymous visitor cannot unlock anything.
    anonymous = Client().post("/khoa-dang-nhap/mo-khoa/", {"schema": "public", "attempt": 1}, HTTP_HOST="localhost")
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]


@override_settings(REQUIRE_2FA_SUPERUSERS=True)
def test_a_superuser_needs_a_totp_code_before_reaching_the_admin(board_site):
    with tenant_context(board_site):
        make_user("quantri", superuser=True)
    admin = Client()
    assert login(admin, board_site, "quantri", BOARD_PASSWORD).status_code == 302
    gate = admin.get("/admin/pages/", HTTP_HOST=host(board_site))
    assert gate.status_code == 302 and gate["Location"].startswith("/admin/xac-thuc-hai-buoc/")
    enrol = admin.get(gate["Location"], HTTP_HOST=host(board_site))
    assert enrol.status_code == 200 and "<svg" in enrol.content.decode()
    wrong = admin.post("/admin/xac-thuc-hai-buoc/", {"token": "123456"}, HTTP_HOST=host(board_site))
    assert wrong.status_code == 200 and "Mã xác thực không đúng" in wrong.content.decode()
    assert admin.get("/admin/", HTTP_HOST=host(board_site)).status_code == 302
    time.sleep(1.2)  # the device throttles for 1 s after a wrong code
    with tenant_context(board_site):
        token = token_for(TOTPDevice.objects.get(user__username="quantri"))
    done = admin.post(
        "/admin/xac-thuc-hai-buoc/", {"token": token, "next": "/admin/pages/"}, HTTP_HOST=host(board_site)
    )
    assert done.status_code == 302 and done["Location"] == "/admin/pages/"
    assert admin.get("/admin/", HTTP_HOST=host(board_site)).status_code == 200
    with tenant_context(board_site):
        assert TOTPDevice.objects.get(user__username="quantri").confirmed
    # Next sign-in: the password is not enough again; the enrolled device's next code is.
    again = Client()
    assert login(again, board_site, "quantri", BOARD_PASSWORD).status_code == 302
    assert again.get("/admin/", HTTP_HOST=host(board_site)).status_code == 302
    # A board member without a device is not asked for one.
    member = Client()
    assert login(member, board_site, "bientap", BOARD_PASSWORD).status_code == 302
    assert member.get("/admin/", HTTP_HOST=host(board_site)).status_code == 200


def test_passwords_must_be_strong_and_sessions_expire():
    with pytest.raises(ValidationError):
        validate_password("Ngan-2026")  # shorter than 12
    with pytest.raises(ValidationError):
        validate_password("123456789012345")  # numeric only
    validate_password("Cau-treo-ban-Muong-2026")
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_COOKIE_AGE <= 12 * 3600
