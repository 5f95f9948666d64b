"""The page cache (pagecache/): what it answers from Redis, what it never does, and that a change
is on the very next anonymous request of every page that shows it. Correctness, not speed."""

from __future__ import annotations

import re
import socket
import subprocess
import time

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django_tenants.utils import schema_context, tenant_context

from core.cache import shared_store
from tests import factories
from tests.content_helpers import make_user, signed_in
from tests.participation_helpers import QUESTION
from tests.search_support import drain

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("participation_redis")]


def get(client, tenant, path="/", **extra):
    return client.get(path, HTTP_HOST=tenant.primary_hostname, **extra)


def cached(client, tenant, path="/") -> str:
    """Serve ``path`` twice anonymously; the second answer comes from the cache."""
    first = get(client, tenant, path)
    assert first.status_code == 200, path
    second = get(client, tenant, path)
    assert second["X-Page-Cache"] == "hit", path
    assert second.content == first.content
    return second.content.decode()


@pytest.fixture
def tree(province, district, commune):
    """A commune with a news list and an article; its district and province above it."""
    with tenant_context(commune):
        news = factories.NewsIndexPageFactory()
        article = factories.NewsPageFactory(
            parent=news, title="Xã Sơn Hùng khánh thành nhà văn hóa", slug="nha-van-hoa"
        )
    with django_capture(execute=True):
        drain()
    return {"province": province, "district": district, "commune": commune, "news": news, "article": article}


def django_capture(execute: bool):
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=execute)


def test_a_published_change_is_on_the_next_request_of_every_page_that_shows_it(client, tree):
    commune, district, province = tree["commune"], tree["district"], tree["province"]
    pages = [
        (commune, "/"),
        (commune, "/tin-tuc/"),
        (commune, "/tin-tuc/nha-van-hoa/"),
        (district, "/"),
        (province, "/"),
    ]
    for tenant, path in pages:
        assert "Xã Sơn Hùng khánh thành nhà văn hóa" in cached(client, tenant, path), (tenant, path)

    with tenant_context(commune):  # an editor publishes a new article and a new title of the old one
        factories.NewsPageFactory(
            parent=tree["news"], title="Xã Sơn Hùng ra quân làm đường giao thông", slug="lam-duong"
        )
        article = tree["article"].specific
        article.title = "Xã Sơn Hùng khánh thành nhà văn hóa khu 3"
        article.save_revision().publish()
    with django_capture(execute=True):  # the outbox drains after the commit (Celery in production)
        drain()
    for tenant, path in pages:
        body = get(client, tenant, path).content.decode()
        assert "khánh thành nhà văn hóa khu 3" in body, (tenant.path, path)
        if path != "/tin-tuc/nha-van-hoa/":
            assert "ra quân làm đường giao thông" in body, (tenant.path, path)

    with tenant_context(commune):  # unpublished: gone from the list, the home page and the portals above
        tree["article"].specific.unpublish()
    with django_capture(execute=True):
        drain()
    assert get(client, commune, "/tin-tuc/nha-van-hoa/").status_code == 404
    for tenant, path in [(commune, "/"), (commune, "/tin-tuc/"), (district, "/"), (province, "/")]:
        assert "nhà văn hóa khu 3" not in get(client, tenant, path).content.decode(), (tenant.path, path)


def test_moving_and_deleting_a_page_and_changing_site_settings_are_seen_at_once(client, tree):
    from sites.models import PortalSettings

    commune = tree["commune"]
    with tenant_context(commune):
        other = factories.NewsIndexPageFactory(title="Thông báo", slug="thong-bao")
    assert "khánh thành nhà văn hóa" in cached(client, commune, "/tin-tuc/")
    cached(client, commune, "/thong-bao/")
    with tenant_context(commune):
        tree["article"].specific.move(other, pos="last-child")
    assert "khánh thành nhà văn hóa" not in get(client, commune, "/tin-tuc/").content.decode()
    assert "khánh thành nhà văn hóa" in get(client, commune, "/thong-bao/").content.decode()
    assert get(client, commune, "/thong-bao/nha-van-hoa/").status_code == 200

    with tenant_context(commune):
        tree["article"].specific.delete()
    assert get(client, commune, "/thong-bao/nha-van-hoa/").status_code == 404
    assert "khánh thành nhà văn hóa" not in get(client, commune, "/thong-bao/").content.decode()

    assert "0210 3999 888" not in cached(client, commune, "/")
    with tenant_context(commune):  # the footer's contacts: a site setting on every page
        contacts = PortalSettings.for_site(factories.Site.objects.get(is_default_site=True))
        contacts.phone = "0210 3999 888"
        contacts.save()
    assert "0210 3999 888" in get(client, commune, "/").content.decode()


def test_an_editor_never_gets_a_cached_page_and_never_fills_the_cache(client, tree):
    commune = tree["commune"]
    with tenant_context(commune):
        make_user("bientap", "Biên tập viên")
    editor = signed_in(commune, "bientap")
    # the editor first: their page (with Wagtail's user bar) is not kept for citizens
    seen = editor.get("/tin-tuc/", HTTP_HOST=commune.primary_hostname)
    assert seen["X-Page-Cache"] == "bypass" and "private" in seen["Cache-Control"]
    anonymous = get(client, commune, "/tin-tuc/")
    assert anonymous["X-Page-Cache"] == "miss" and b"wagtail-userbar" not in anonymous.content
    assert get(client, commune, "/tin-tuc/")["X-Page-Cache"] == "hit"
    again = editor.get("/tin-tuc/", HTTP_HOST=commune.primary_hostname)
    assert again["X-Page-Cache"] == "bypass" and b"wagtail-userbar" in again.content
    # a draft preview is the editor's alone
    with tenant_context(commune):
        article = tree["article"].specific
        article.title = "Bản nháp chưa duyệt"
        article.save_revision()
    preview = editor.get(f"/admin/pages/{article.pk}/view_draft/", HTTP_HOST=commune.primary_hostname)
    assert preview.status_code == 200 and "Bản nháp chưa duyệt" in preview.content.decode()
    assert preview["X-Page-Cache"] == "bypass"
    assert "Bản nháp chưa duyệt" not in get(client, commune, "/tin-tuc/nha-van-hoa/").content.decode()


def test_a_page_with_a_form_keeps_a_valid_csrf_token(citizen_site):
    strict = Client(enforce_csrf_checks=True)
    cached(strict, citizen_site.tenant, "/")  # a cached page first, as a citizen arrives
    for _ in range(2):
        form = strict.get("/hoi-dap/", HTTP_HOST=citizen_site.host)
        assert form.status_code == 200 and form["X-Page-Cache"] == "bypass"
        assert "private" in form["Cache-Control"] and "csrftoken" in form.cookies
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.content).group(1).decode()
    answer = strict.post(
        "/hoi-dap/gui-cau-hoi/", {**QUESTION, "csrfmiddlewaretoken": token}, HTTP_HOST=citizen_site.host, follow=True
    )
    assert answer.redirect_chain[0][1] == 303  # post/redirect/get: the receipt is a GET of its own
    assert answer.status_code == 200 and "mã tra cứu" in answer.content.decode().lower()
    assert "no-store" in answer["Cache-Control"]  # one citizen's tracking code is never kept
    # the cached home page carries no token of anyone
    assert b"csrfmiddlewaretoken" not in get(strict, citizen_site.tenant, "/").content


def test_searches_with_words_posts_and_errors_are_never_cached(client, tree):
    commune = tree["commune"]
    for _ in range(2):
        assert get(client, commune, "/tim-kiem/", data={"q": "nhà văn hóa"})["X-Page-Cache"] == "bypass"
        assert get(client, commune, "/tin-tuc/", data={"ma": "AB12CD34EF"})["X-Page-Cache"] == "bypass"  # a lookup
        assert get(client, commune, "/khong-co/").status_code == 404
        assert "X-Page-Cache" not in client.post("/tin-tuc/", HTTP_HOST=commune.primary_hostname)
    assert get(client, commune, "/khong-co/").get("X-Page-Cache") != "hit"
    cached(client, commune, "/tim-kiem/")  # the empty search page is a page like any other


def test_a_cached_page_of_one_site_never_answers_another_sites_host(client, make_tenant):
    one = make_tenant("haiduong", name="Tỉnh Hải Dương")
    other = make_tenant("hungyen", name="Tỉnh Hưng Yên")
    with tenant_context(one):
        factories.NewsIndexPageFactory(title="Tin Hải Dương", slug="tin-rieng")
    assert "Tỉnh Hải Dương" in cached(client, one, "/")
    assert "Tin Hải Dương" in cached(client, one, "/tin-rieng/")
    home = get(client, other, "/")
    assert home["X-Page-Cache"] == "miss" and "Tỉnh Hưng Yên" in home.content.decode()
    assert "Tỉnh Hải Dương" not in home.content.decode()
    assert get(client, other, "/tin-rieng/").status_code == 404
    english = get(client, one, "/en/")  # another language is another page
    assert english.get("X-Page-Cache") != "hit"


def test_headers_for_a_cdn_and_conditional_requests(client, tree):
    commune = tree["commune"]
    first = get(client, commune, "/tin-tuc/")
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert first["ETag"] and first["Last-Modified"]
    unchanged = get(client, commune, "/tin-tuc/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304 and unchanged.content == b""
    with override_settings(PAGE_CACHE_CDN_SECONDS=120):
        assert get(client, commune, "/tin-tuc/")["Cache-Control"] == "public, max-age=0, s-maxage=120"


def test_a_cached_page_is_still_counted_and_the_figures_come_from_the_endpoint(client, tree):
    commune = tree["commune"]
    cached(client, commune, "/")
    for address in ("203.0.113.7", "198.51.100.2"):
        assert get(client, commune, "/", REMOTE_ADDR=address)["X-Page-Cache"] == "hit"
    figures = get(client, commune, "/api/v1/visitors")
    assert figures.status_code == 200 and figures["Content-Type"] == "application/json"
    assert figures.json()["today"] == 3 and figures.json()["online"] == 3  # the test client's address too
    assert "no-cache" in figures["Cache-Control"] and "RateLimit-Limit" in figures
    page = get(client, commune, "/").content.decode()
    assert 'data-visitor-counter="/api/v1/visitors"' in page and "/thong-ke-truy-cap/" in page  # <noscript>
    fallback = get(client, commune, "/thong-ke-truy-cap/")
    assert fallback["X-Page-Cache"] == "bypass" and "Tổng lượt truy cập" in fallback.content.decode()


def test_with_the_cache_disabled_pages_are_rendered_every_time(client, tree):
    with override_settings(PAGE_CACHE_ENABLED=False):
        for _ in range(2):
            response = get(client, tree["commune"], "/")
            assert response.status_code == 200 and "X-Page-Cache" not in response


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def private_redis():
    """A throwaway redis-server on a private port (never the shared one), stopped by the test."""
    port = _free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    caches = {"default": {**settings.CACHES["default"], "LOCATION": f"redis://127.0.0.1:{port}/0"}}
    shared_store.cache_clear()
    with override_settings(CACHES=caches):
        shared_store.cache_clear()
        yield server
    shared_store.cache_clear()
    if server.poll() is None:
        server.terminate()
        server.wait(timeout=10)


def test_with_redis_down_pages_are_served_uncached_never_an_error(client, tree, private_redis):
    commune = tree["commune"]
    assert "khánh thành nhà văn hóa" in cached(client, commune, "/tin-tuc/")
    private_redis.terminate()
    private_redis.wait(timeout=10)
    for path in ("/", "/tin-tuc/", "/tin-tuc/nha-van-hoa/"):
        for _ in range(2):
            response = get(client, commune, path)
            assert response.status_code == 200 and response.get("X-Page-Cache") != "hit", path
    with tenant_context(commune):  # a change while Redis is down is still on the next page
        article = tree["article"].specific
        article.title = "Nhà văn hóa xã Sơn Hùng đón khách"
        article.save_revision().publish()
    assert "Nhà văn hóa xã Sơn Hùng đón khách" in get(client, commune, "/tin-tuc/").content.decode()
    assert get(client, commune, "/api/v1/visitors").status_code == 503


def test_a_change_of_the_tenant_tree_is_on_the_next_page_of_the_sites_beneath(client, tree):
    district, province = tree["district"], tree["province"]
    assert "Tỉnh Phú Thọ" in cached(client, district, "/")  # the parent portal's link
    with schema_context("public"):
        province.name = "Tỉnh Phú Thọ mới"
        province.save()
    assert "Tỉnh Phú Thọ mới" in get(client, district, "/").content.decode()


def test_one_setting_configures_wagtails_cdn_purge():
    """FRONTEND_CACHE_PURGE_URL installs Wagtail's frontend_cache with the HTTP purge backend and lets
    the CDN keep pages (checked in a fresh process: settings are read at start; no CDN here)."""
    import json
    import os
    import sys

    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.WAGTAILFRONTENDCACHE, 'wagtail.contrib.frontend_cache' in s.INSTALLED_APPS, "
        "s.PAGE_CACHE_CDN_SECONDS]))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "FRONTEND_CACHE_PURGE_URL": "http://varnish:6081"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    backends, installed, seconds = json.loads(out.stdout.strip().splitlines()[-1])
    assert backends["cdn"]["LOCATION"] == "http://varnish:6081" and installed and seconds == 300


def test_a_request_that_defers_its_connection_still_gets_503_never_500_when_the_pool_is_dry(rf):
    """An anonymous GET takes its connection only on a miss (DB_CONNECTION_DEFERRED_FOR); a pool
    timeout in any inner layer (here: the routing table's load) is still the busy answer."""
    from django.core.handlers.exception import convert_exception_to_response
    from django.db import OperationalError
    from psycopg_pool import PoolTimeout

    from tenants.connections import DatabaseBusyMiddleware, connection_deferred

    def inner_layer(request):
        try:
            raise PoolTimeout("couldn't get a connection after 3.00 sec")
        except PoolTimeout as timeout:
            raise OperationalError(str(timeout)) from timeout

    request = rf.get("/tin-tuc/")
    assert connection_deferred(request) and not connection_deferred(rf.post("/tin-tuc/"))
    response = DatabaseBusyMiddleware(convert_exception_to_response(inner_layer))(request)
    assert response.status_code == 503 and response["Retry-After"] == str(settings.DB_BUSY_RETRY_AFTER)
