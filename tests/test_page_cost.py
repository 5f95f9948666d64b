"""The cost of an uncached page in SQL statements (a count, not a time: issue 13 item 5). A home
page rendered without the page cache takes at most ``HOME_PAGE_STATEMENTS`` statements once the
per-process caches are warm — the second render of the same page, as every render after the first
in a worker."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("participation_redis")]

HOME_PAGE_STATEMENTS = 12


def render_home(client, tenant) -> CaptureQueriesContext:
    host = tenant.primary_hostname
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 200
    return queries


@override_settings(PAGE_CACHE_ENABLED=False)
def test_an_uncached_commune_home_page_takes_at_most_twelve_statements(client, commune):
    render_home(client, commune)  # the first render of a worker fills its caches
    queries = render_home(client, commune)
    assert len(queries) <= HOME_PAGE_STATEMENTS, "\n".join(q["sql"][:160] for q in queries.captured_queries)


@override_settings(PAGE_CACHE_ENABLED=False)
def test_the_kept_parts_of_a_page_follow_a_change_and_stay_on_their_site(client, commune, district):
    """The menu, kept between renders, shows a new menu page on the very next render, and one
    site's menu never shows on another's."""
    render_home(client, commune)
    render_home(client, district)
    with tenant_context(commune):
        factories.NewsIndexPageFactory(title="Chuyên mục Nông thôn mới", slug="nong-thon-moi", show_in_menus=True)
    body = client.get("/", HTTP_HOST=commune.primary_hostname).content.decode()
    assert "Chuyên mục Nông thôn mới" in body
    other = client.get("/", HTTP_HOST=district.primary_hostname).content.decode()
    assert "Chuyên mục Nông thôn mới" not in other


def test_a_cached_page_is_answered_without_the_database_with_the_same_headers(client, commune):
    """A hit is answered early (``CacheHitMiddleware``): no SQL, yet with the headers of the
    middleware it skips that matter to a page (language, frame options) as on the render."""
    host = commune.primary_hostname
    first = client.get("/", HTTP_HOST=host)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        hit = client.get("/", HTTP_HOST=host)
    assert hit["X-Page-Cache"] == "hit"
    assert len(queries) == 0, [q["sql"][:120] for q in queries.captured_queries]
    assert hit.content == first.content
    for name in ("Content-Type", "Content-Language", "X-Frame-Options", "Vary", "ETag", "Cache-Control"):
        assert hit.get(name) == first.get(name), name
    for name in ("Content-Security-Policy", "Permissions-Policy", "X-Content-Type-Options"):
        assert first.has_header(name) and hit.has_header(name), name  # the outer middleware still run
