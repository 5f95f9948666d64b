"""Bad input at the edge (issue 18): a hostile Host header, an oversized body, a malformed multipart
upload, an invalid session cookie, a probe of /admin/ on an unknown host. Each gets a 400/404 with
the platform's own bilingual page — never a stack trace (the test client does not re-raise: a
failure shows as the 500 a visitor would get), never another site's data.

pytest-django runs the views with DEBUG off, as in production."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django_tenants.utils import tenant_context

STACK_TRACE_MARKS = ("Traceback", "File &quot;", 'File "', "site-packages", "Exception Value", "django.core")
OUR_PAGES = {
    400: "Yêu cầu không hợp lệ",  # tenants/bad_request.html
    404: "Không tìm thấy trang",  # tenants/unknown_host.html and tenants/platform_404.html
}


@pytest.fixture
def visitor() -> Client:
    return Client(raise_request_exception=False)


@pytest.fixture(scope="module")
def committed_sites(committed_tenants):
    return committed_tenants("xauphutho", name="Tỉnh Phú Thọ"), committed_tenants("xaulaocai", name="Tỉnh Lào Cai")


@pytest.fixture
def sites(committed_sites, db):
    """Two sites (provisioned once for the module) whose names must never leak into each other's or
    an unknown host's pages."""
    return committed_sites


def assert_own_page(response, status: int, *, foreign: tuple[str, ...] = ()) -> str:
    """The platform's own page with this status: no stack trace, none of the foreign sites' names."""
    body = response.content.decode()
    assert response.status_code == status, body[:500]
    assert not any(mark in body for mark in STACK_TRACE_MARKS), body[:2000]
    assert OUR_PAGES[status] in body and 'lang="en"' in body  # bilingual, our template
    for text in foreign:
        assert text not in body
    return body


@pytest.mark.parametrize(
    "hostile",
    [
        "evil.example.com",  # not in ALLOWED_HOSTS
        "phutho.localhost.evil.example.com",  # a site's name as a prefix
        "evil.example.com#phutho.localhost",
        "phutho.localhost@evil.example.com",
        "<script>alert(1)</script>",
        "phutho.localhost:80:80",
        "[::1",
        "a" * 300 + ".localhost",
        "ph\u00fatho.localhost",  # non-ASCII
    ],
    ids=lambda host: host[:40],
)
def test_a_hostile_host_header_gets_the_unknown_host_page(visitor, sites, hostile):
    response = visitor.get("/", HTTP_HOST=hostile)
    body = assert_own_page(response, 404, foreign=("Tỉnh Phú Thọ", "Tỉnh Lào Cai"))
    assert "<script>alert(1)</script>" not in body


def test_a_forwarded_host_does_not_pick_another_site(visitor, sites):
    """X-Forwarded-Host is not believed (USE_X_FORWARDED_HOST off): the Host header alone routes."""
    phutho, laocai = sites
    response = visitor.get("/", HTTP_HOST=phutho.primary_hostname, HTTP_X_FORWARDED_HOST=laocai.primary_hostname)
    body = response.content.decode()
    assert response.status_code == 200 and "Tỉnh Phú Thọ" in body and "Tỉnh Lào Cai" not in body
    unknown = visitor.get("/", HTTP_HOST="khongco.example.com", HTTP_X_FORWARDED_HOST=laocai.primary_hostname)
    assert_own_page(unknown, 404, foreign=("Tỉnh Lào Cai",))


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/django-admin/", "/admin/pages/1/edit/"])
@pytest.mark.parametrize("hostname", ["khongco.localhost", "khongco.phutho.localhost", "203.0.113.9"])
def test_an_admin_probe_on_an_unknown_host_gets_the_unknown_host_page(visitor, sites, path, hostname):
    response = visitor.get(path, HTTP_HOST=hostname)
    assert_own_page(response, 404, foreign=("Tỉnh Phú Thọ", "Tỉnh Lào Cai", "Wagtail", "csrfmiddlewaretoken"))
    assert "sessionid" not in response.cookies and settings.CSRF_COOKIE_NAME not in response.cookies


def test_an_admin_probe_with_a_post_on_an_unknown_host_changes_nothing(visitor, sites):
    before = get_user_model().objects.count()
    response = visitor.post("/admin/login/", {"username": "admin", "password": "admin"}, HTTP_HOST="khongco.localhost")
    assert_own_page(response, 404)
    assert get_user_model().objects.count() == before


@pytest.mark.parametrize("where", ["site", "platform"])
def test_an_oversized_body_is_refused_without_a_stack_trace(visitor, sites, where):
    """Over DATA_UPLOAD_MAX_MEMORY_SIZE. The 413 itself is another change's (a body-size limit):
    here only: a clean 4xx, never a 500, never a trace."""
    host = sites[0].primary_hostname if where == "site" else settings.PLATFORM_HOST
    size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024
    response = visitor.post(
        "/admin/login/" if where == "site" else "/dang-nhap/",
        "username=" + "a" * size,
        content_type="application/x-www-form-urlencoded",
        HTTP_HOST=host,
    )
    body = response.content.decode()
    assert 400 <= response.status_code < 500, (response.status_code, body[:500])
    assert not any(mark in body for mark in STACK_TRACE_MARKS)
    assert "Tỉnh Lào Cai" not in body


# Bodies Django's multipart parser refuses (MultiPartParserError → handler400)…
REFUSED_MULTIPART = [
    ("multipart/form-data", b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--'),  # no boundary
    ("multipart/form-data; boundary=", b"--\r\n\r\n"),  # empty boundary
    ("multipart/form-data; boundary=b\x00ad", b"--b\x00ad\r\n"),  # invalid boundary
]
# …and bodies it reads as an empty form: the form is shown again, nothing is saved.
EMPTY_MULTIPART = [
    ("multipart/form-data; boundary=" + "b" * 200, b"--bbbb\r\n"),  # boundary longer than the body
    ("multipart/form-data; boundary=zz", b'--zz\r\nContent-Disposition: form-data; name="up"; filename="a.pdf"'),
    ("multipart/form-data; boundary=zz", b"garbage without any boundary at all"),
]


@pytest.mark.parametrize(
    "content_type,payload", REFUSED_MULTIPART, ids=["no-boundary", "empty-boundary", "bad-boundary"]
)
@pytest.mark.parametrize("where", ["site", "platform"])
def test_a_malformed_multipart_upload_gets_the_bad_request_page(visitor, sites, where, content_type, payload):
    """The test client checks no CSRF token here, as a form of the page with its token would pass the
    check: the multipart parser's error is what answers."""
    host, path = (
        (sites[0].primary_hostname, "/admin/login/") if where == "site" else (settings.PLATFORM_HOST, "/dang-nhap/")
    )
    response = visitor.generic("POST", path, payload, content_type=content_type, HTTP_HOST=host)
    body = assert_own_page(response, 400, foreign=("Tỉnh Lào Cai",))
    assert response["X-Request-ID"] in body


@pytest.mark.parametrize("content_type,payload", EMPTY_MULTIPART, ids=["long-boundary", "truncated-file", "no-parts"])
def test_a_truncated_multipart_upload_is_an_empty_form(visitor, sites, content_type, payload):
    response = visitor.generic(
        "POST", "/admin/login/", payload, content_type=content_type, HTTP_HOST=sites[0].primary_hostname
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'name="username"' in body  # the sign-in form again
    assert not any(mark in body for mark in STACK_TRACE_MARKS) and "_auth_user_id" not in visitor.session


def test_a_malformed_multipart_upload_without_a_csrf_token_is_refused_cleanly(sites):
    strict = Client(raise_request_exception=False, enforce_csrf_checks=True)
    content_type, payload = REFUSED_MULTIPART[0]
    response = strict.generic(
        "POST", "/admin/login/", payload, content_type=content_type, HTTP_HOST=sites[0].primary_hostname
    )
    body = response.content.decode()
    assert response.status_code in (400, 403) and not any(mark in body for mark in STACK_TRACE_MARKS), body[:2000]


@pytest.mark.parametrize(
    "cookie",
    ["garbage", "x" * 4000, "../../etc/passwd", "'; DROP TABLE django_session; --", "\u00e9\u00e9", ""],
    ids=["garbage", "4000-chars", "path", "sql", "non-ascii", "empty"],
)
def test_an_invalid_session_cookie_is_an_anonymous_visitor(visitor, sites, cookie):
    phutho, _ = sites
    visitor.cookies[settings.SESSION_COOKIE_NAME] = cookie
    home = visitor.get("/", HTTP_HOST=phutho.primary_hostname)
    assert home.status_code == 200 and "Tỉnh Phú Thọ" in home.content.decode()
    admin = visitor.get("/admin/", HTTP_HOST=phutho.primary_hostname)
    assert admin.status_code == 302 and admin["Location"].startswith("/admin/login/")
    console = visitor.get("/khoa-dang-nhap/", HTTP_HOST=settings.PLATFORM_HOST)
    assert console.status_code == 302 and "/dang-nhap/" in console["Location"]  # the console asks for a sign-in


def test_a_session_of_one_site_is_no_session_on_another(visitor, sites):
    """The cookie of an editor signed in on one site, sent to another site (or to an unknown host),
    opens nothing there: sessions live in each site's own schema."""
    phutho, laocai = sites
    with tenant_context(phutho):
        editor = get_user_model().objects.create_user("bientap", password="Mk-2026-a!", is_superuser=False)
        from django.contrib.auth.models import Group

        editor.groups.add(Group.objects.get(name="Biên tập viên"))
    signed_in = visitor.post(
        "/admin/login/", {"username": "bientap", "password": "Mk-2026-a!"}, HTTP_HOST=phutho.primary_hostname
    )
    assert signed_in.status_code == 302
    assert visitor.get("/admin/", HTTP_HOST=phutho.primary_hostname).status_code == 200
    other = visitor.get("/admin/", HTTP_HOST=laocai.primary_hostname)
    assert other.status_code == 302 and other["Location"].startswith("/admin/login/")
    assert_own_page(visitor.get("/admin/", HTTP_HOST="khongco.localhost"), 404, foreign=("Tỉnh Phú Thọ",))
