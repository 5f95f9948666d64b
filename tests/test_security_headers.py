"""HTTP security headers and deploy checks (issue 12, "also required" and item 6): the CSP of public pages
has nonces and no 'unsafe-inline' and the pages carry no inline code it would block; the admin has its
own policy; HSTS, Referrer-Policy, Permissions-Policy; security.txt on every host; an oversized body is
refused on its Content-Length before it is read; a site's password-reset mail points to the site's own
host; each site keeps its own translation-memory rows; ``check --deploy`` is clean in production."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client, override_settings
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tenants.utils import schema_context, tenant_context

from config.asgi import application as asgi_application
from core.siteurl import site_origin
from localization.models import TranslationMemory
from localization.services import memory

from . import security_support as support
from .content_helpers import host, make_user

ROOT = Path(__file__).resolve().parent.parent


def csp_directives(response) -> dict[str, list[str]]:
    return support.csp_directives(response["Content-Security-Policy"])


def blocked_inline_code(response) -> list[str]:
    """What the page's own CSP would block in it (the CSP is checked too: no 'unsafe-inline')."""
    return support.blocked_inline_code(response["Content-Security-Policy"], response.content.decode())


@pytest.fixture
def public_site(citizen_site, participation_redis):
    with tenant_context(citizen_site.tenant):
        make_user("truongban", superuser=False)
    return citizen_site


PUBLIC_PATHS = ["/", "/hoi-dap/", "/lay-y-kien/", "/danh-gia-trang/", "/tim-kiem/?q=th%E1%BB%A7+t%E1%BB%A5c", "/en/"]


def test_public_pages_have_a_nonce_csp_without_unsafe_inline_and_no_inline_code(client, public_site):
    for path in PUBLIC_PATHS:
        response = client.get(path, HTTP_HOST=public_site.host)
        if response.status_code == 302:  # /en/ without an English home page: the bilingual notice
            response = client.get(response["Location"], HTTP_HOST=public_site.host)
        assert response.status_code in (200, 404), path
        directives = csp_directives(response)
        assert directives["default-src"] == ["'self'"] and directives["object-src"] == ["'none'"], path
        assert directives["frame-ancestors"] == ["'self'"] and directives["base-uri"] == ["'self'"], path
        assert blocked_inline_code(response) == [], path


def test_console_pages_have_the_public_policy_and_no_inline_code(client, db):
    for path in ("/", "/dang-nhap/", "/khong-co-trang-nay/"):
        response = client.get(path, HTTP_HOST=settings.PLATFORM_HOST)
        assert response.status_code in (200, 302, 404), path
        if response.status_code != 302:
            assert blocked_inline_code(response) == [], path


def test_the_emc_script_carries_the_nonce_of_the_response(client, public_site):
    with schema_context("public"):
        public_site.tenant.emc_code = '<script src="https://emc.gov.vn/t.js"></script>'
        public_site.tenant.save()
    response = client.get("/", HTTP_HOST=public_site.host)
    assert blocked_inline_code(response) == []
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script async src="https://emc.gov.vn/t.js" nonce="{nonce}"></script>' in response.content.decode()
    again = client.get("/", HTTP_HOST=public_site.host)  # from the page cache: a nonce of its own
    fresh = re.search(r"'nonce-([^']+)'", again["Content-Security-Policy"]).group(1)
    assert again["X-Page-Cache"] == "hit" and fresh != nonce
    assert f'nonce="{fresh}"' in again.content.decode() and nonce not in again.content.decode()


def test_the_wagtail_admin_gets_its_admin_compatible_policy(public_site):
    editor = Client()
    with tenant_context(public_site.tenant):
        make_user("bientap", superuser=True)
    editor.post("/admin/login/", {"username": "bientap", "password": "Mk-2026-bientap!"}, HTTP_HOST=public_site.host)
    with override_settings(REQUIRE_2FA_SUPERUSERS=False):
        response = editor.get("/admin/pages/", HTTP_HOST=public_site.host)
    assert response.status_code == 200
    directives = csp_directives(response)
    assert "'unsafe-inline'" in directives["script-src"] and not any("nonce" in v for v in directives["script-src"])
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'self'"]
    login = Client().get("/admin/login/", HTTP_HOST=public_site.host)
    assert "'unsafe-inline'" in csp_directives(login)["style-src"]
    # On the site's pages a signed-in editor gets Wagtail's user bar, whose script comes from
    # WAGTAILADMIN_BASE_URL: that origin (and no other) is allowed besides the nonce.
    page = editor.get("/", HTTP_HOST=public_site.host)
    userbar = re.findall(r'<script src="([^"]+)"', page.content.decode())
    assert userbar and all(src.startswith(settings.WAGTAILADMIN_BASE_URL) for src in userbar if "://" in src)
    assert settings.WAGTAILADMIN_BASE_URL in csp_directives(page)["script-src"]
    assert "'unsafe-inline'" not in csp_directives(page)["script-src"]


def test_security_headers_on_every_page(client, public_site):
    with override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True):
        response = client.get("/", HTTP_HOST=public_site.host, secure=True)
        plain = client.get("/", HTTP_HOST=public_site.host)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in plain  # only over https (RFC 6797)
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "fullscreen=(self)"):
        assert feature in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_security_txt_on_every_host(client, public_site):
    for hostname in (public_site.host, settings.PLATFORM_HOST):
        response = client.get("/.well-known/security.txt", HTTP_HOST=hostname)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
        body = response.content.decode()
        assert f"Contact: {settings.SECURITY_CONTACTS[0]}" in body
        expires = datetime.strptime(re.search(r"^Expires: (\S+)$", body, re.M).group(1), "%Y-%m-%dT%H:%M:%SZ")
        assert timedelta(days=30) < expires.replace(tzinfo=UTC) - datetime.now(UTC) < timedelta(days=365)
    with override_settings(SECURITY_CONTACTS=["mailto:attt@phutho.gov.vn", "https://phutho.gov.vn/bao-loi"]):
        body = client.get("/.well-known/security.txt", HTTP_HOST=public_site.host).content.decode()
    assert "Contact: mailto:attt@phutho.gov.vn\nContact: https://phutho.gov.vn/bao-loi\n" in body


def call_asgi(path: str, headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> tuple[int, bytes, int]:
    """One request through the real ASGI application (config.asgi); returns status, body and how many
    body messages the application asked for."""
    asked = 0
    sent: list[dict] = []

    async def receive():
        nonlocal asked
        asked += 1
        if asked <= len(chunks):
            return {"type": "http.request", "body": chunks[asked - 1], "more_body": asked < len(chunks)}
        await asyncio.Event().wait()  # the client stays connected (Django listens for a disconnect)

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", settings.PLATFORM_HOST.encode()), *headers],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    asyncio.run(asgi_application(scope, receive, send))
    start = next(message for message in sent if message["type"] == "http.response.start")
    body = b"".join(message.get("body", b"") for message in sent if message["type"] == "http.response.body")
    return start["status"], body, asked


def test_an_oversized_content_length_is_refused_before_the_body_is_read():
    length = 30 * 1024 * 1024
    status, body, asked = call_asgi("/hoi-dap/", [(b"content-length", str(length).encode())], [b"x" * 1024])
    assert status == 413 and asked == 0  # not a byte read
    page = body.decode()
    assert "Dữ liệu gửi lên quá lớn" in page and "Request too large" in page
    # The admin's limit is the document upload limit (plus form fields); past it, 413 too.
    assert settings.ADMIN_REQUEST_MAX_BYTES > settings.DOCUMENT_MAX_UPLOAD_MB * 1024 * 1024
    too_big = str(settings.ADMIN_REQUEST_MAX_BYTES + 1).encode()
    assert call_asgi("/admin/documents/multiple/add/", [(b"content-length", too_big)], [b""])[0] == 413


def test_a_body_without_content_length_is_cut_off_at_the_limit():
    chunk = b"x" * (256 * 1024)
    count = settings.REQUEST_MAX_BYTES // len(chunk) + 4
    status, _body, asked = call_asgi("/hoi-dap/", [(b"transfer-encoding", b"chunked")], [chunk] * count)
    assert status == 413 and asked < count  # stopped reading once past the limit


@pytest.mark.django_db
def test_a_body_within_the_limit_reaches_django():
    status, _body, _asked = call_asgi("/dang-nhap/", [(b"content-length", b"3")], [b"a=1"])
    assert status == 403  # Django's CSRF refusal: the request got through the limit


@pytest.fixture
def site_with_admin(make_tenant):
    return make_tenant("matkhaua", admin_username="quantri", admin_password="Mk-2026-quantri!", admin_email="qt@a.vn")


@pytest.fixture
def two_sites(site_with_admin, make_tenant):
    b = make_tenant("matkhaub", admin_username="quantri", admin_password="Mk-2026-quantri!", admin_email="qt@b.vn")
    return site_with_admin, b


def test_reset_mail_links_to_the_sites_own_host_whatever_the_host_header(client, site_with_admin, settings):
    a = site_with_admin
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post("/admin/password_reset/", {"email": "qt@a.vn"}, HTTP_HOST=f"{host(a)}:6666")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = re.search(r"(https?://\S+/admin/password_reset/confirm/\S+)", body).group(1)
    assert link.startswith(f"{site_origin(host(a))}/admin/password_reset/confirm/")
    assert ":6666" not in body and settings.PLATFORM_HOST + ":" not in link.replace(host(a), "")
    path = link[len(site_origin(host(a))) :]
    assert client.get(path, HTTP_HOST=host(a)).status_code == 302  # a valid link: on to the new-password form


def test_a_reset_token_of_one_site_is_refused_on_another(client, two_sites):
    a, b = two_sites
    with tenant_context(a):
        user = get_user_model().objects.get(username="quantri")
        uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    path = f"/admin/password_reset/confirm/{uid}/{token}/"
    response = client.get(path, HTTP_HOST=host(b), follow=True)
    assert response.status_code == 200 and response.context["validlink"] is False
    with tenant_context(b):
        assert get_user_model().objects.get(username="quantri").check_password("Mk-2026-quantri!")


def test_translation_memory_rows_carry_their_site_and_no_site_overwrites_another(make_tenant):
    province = make_tenant("tmtinh", name="Tỉnh Bộ Nhớ")
    commune = make_tenant("tmxa", kind="commune", parent=province)
    other = make_tenant("tmxakhac", kind="commune", parent=province)
    text = "Ủy ban nhân dân tỉnh thông báo."
    with tenant_context(province):
        memory.remember(text, "The Provincial People's Committee announces.", "vi", "en")
    with tenant_context(other):
        memory.remember(text, "Hacked translation.", "vi", "en")
        memory.forget(text, "The Provincial People's Committee announces.", "vi", "en")  # not its row
    with schema_context("public"):
        rows = dict(
            TranslationMemory.objects.filter(source_text=text).values_list("source_tenant__slug", "target_text")
        )
    assert rows == {"tmtinh": "The Provincial People's Committee announces.", "tmxakhac": "Hacked translation."}
    with tenant_context(commune):  # a site under the province: the province's row first
        assert memory.lookup([text], "vi", "en") == {text: "The Provincial People's Committee announces."}
    with tenant_context(other):  # its own row for itself only
        assert memory.lookup([text], "vi", "en") == {text: "Hacked translation."}


def test_the_glossary_is_edited_on_the_console_only(client, site_with_admin):
    a = site_with_admin
    site_admin = Client()
    site_admin.post("/admin/login/", {"username": "quantri", "password": "Mk-2026-quantri!"}, HTTP_HOST=host(a))
    for path in ("/tieng-anh/thuat-ngu/", "/admin/localization/glossaryterm/", "/admin/snippets/"):
        response = site_admin.post(path, {"vi": "Thử", "en": "Try"}, HTTP_HOST=host(a))
        assert response.status_code in (302, 403, 404, 405), path
    from localization.models import GlossaryTerm

    with schema_context("public"):
        assert not GlossaryTerm.objects.filter(vi="Thử").exists()


def production_env() -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "DJANGO_SETTINGS", "DEBUG", "DEMO", "EMAIL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY="prod-like-" + "k7Qz" * 16,
        ALLOWED_HOSTS=".phutho.gov.vn",
        PLATFORM_HOST="congttdt.phutho.gov.vn",
        TENANT_BASE_DOMAIN="phutho.gov.vn",
        TENANT_SITE_PORT="443",
        WAGTAILADMIN_BASE_URL="https://congttdt.phutho.gov.vn",
    )
    return env


def run_manage(args: list[str], env: dict) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_check_deploy_is_clean_and_https_is_on_under_production_settings():
    """``manage.py check --deploy`` with DEBUG off and a production-like environment, in a fresh process;
    the same process reports the production defaults: HSTS a year, redirect to https, secure cookies,
    sessions that end, SMTP mail, strong password validators."""
    script = (
        "import json; from django.conf import settings as s; from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING'); print(json.dumps([s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_AGE, s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.EMAIL_BACKEND, "
        "[v['NAME'].rsplit('.', 1)[1] for v in s.AUTH_PASSWORD_VALIDATORS]]))"
    )
    output = run_manage(["shell", "-c", script], production_env())
    assert "System check identified no issues (1 silenced)." in output  # security.W019, see settings
    values = json.loads(output.strip().splitlines()[-1])
    assert values[:5] == [31536000, True, True, True, True]
    assert values[5] <= 8 * 3600 and values[6] is True
    assert values[7] == "django.core.mail.backends.smtp.EmailBackend"
    assert values[8] == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
