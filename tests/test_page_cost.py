"""The cost of an uncached page in SQL statements (a count, not a time: issue 13 item 5). A home
page rendered without the page cache takes at most ``HOME_PAGE_STATEMENTS`` statements once the
per-process caches are warm — the second render of the same page, as every render after the first
in a worker — and so does each public page type on a site with real content (``PAGE_STATEMENTS``).
What is kept between renders (the Wagtail Site, the register's filter lists, the routing of slugs)
follows a change on the very next render."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Page, Site

from participation.models import Question
from sites.models import HomePage, IssuingBody, NewsPage
from tests import factories
from tests.content_data import build_content

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("participation_redis")]

HOME_PAGE_STATEMENTS = 12
PAGE_STATEMENTS = 12  # every public page type below (issue 13 item 5)


def render(client, tenant, path: str = "/") -> CaptureQueriesContext:
    host = tenant.primary_hostname
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, path
    queries.body = response.content.decode()
    return queries


def render_home(client, tenant) -> CaptureQueriesContext:
    return render(client, tenant, "/")


def _listing(queries: CaptureQueriesContext) -> str:
    return "\n".join(q["sql"][:160] for q in queries.captured_queries)


def _content_with_questions(tenant) -> dict[str, str]:
    """The content tests' site (news, documents, sections…) plus a Q&A page with published answers;
    the path of each public page type measured."""
    with tenant_context(tenant):
        build_content(tenant)
        qa = factories.QuestionIndexPageFactory()
        now = timezone.now()
        for number in range(4):
            question = Question.objects.create(
                page=qa,
                asker_name="Nguyễn Văn An",
                asker_address="Khu 3",
                topic="Đất đai",
                title=f"Cấp giấy chứng nhận quyền sử dụng đất {number}",
                body="Thủ tục thế nào?",
                received_at=now - datetime.timedelta(days=number + 1),
                status=Question.Status.ANSWERED,
                answer="Nộp hồ sơ tại bộ phận một cửa.",
                answered_at=now - datetime.timedelta(days=number),
                published=True,
                published_at=now - datetime.timedelta(days=number),
            )
        article = NewsPage.objects.live().order_by("-date").first()
        return {
            "home": "/",
            "news index": "/tin-tuc/",
            "news article": article.url_path[len(article.get_parent().get_parent().url_path) - 1 :],
            "legal document register": "/van-ban/",
            "Q&A index": "/hoi-dap/",
            "question page": f"/hoi-dap/cau-hoi/{question.pk}/",
        }


@override_settings(PAGE_CACHE_ENABLED=False)
def test_each_public_page_type_takes_at_most_twelve_statements_uncached(client, commune):
    paths = _content_with_questions(commune)
    assert paths["news article"].startswith("/tin-tuc/tin-")
    costs = {}
    for name, path in paths.items():
        render(client, commune, path)  # fills the worker's caches
        queries = render(client, commune, path)
        costs[name] = len(queries)
        assert len(queries) <= PAGE_STATEMENTS, f"{name} {path}: {len(queries)}\n{_listing(queries)}"
    assert costs["home"] <= HOME_PAGE_STATEMENTS, costs
    # What every page asked more than once before: the Site, the Locale (once per request at most).
    for name, path in paths.items():
        queries = render(client, commune, path)
        sql = [q["sql"] for q in queries.captured_queries]
        assert not [s for s in sql if 'FROM "wagtailcore_site"' in s], name
        assert len([s for s in sql if 'FROM "wagtailcore_locale"' in s]) <= 1, name


@override_settings(PAGE_CACHE_ENABLED=False)
def test_the_register_filters_show_a_new_issuing_body_on_the_next_render(client, commune):
    """The register's filter lists are kept between renders; publishing a document of a new issuing
    body shows that body in the list on the very next request, on this site only."""
    with tenant_context(commune):
        index = factories.LegalDocumentIndexPageFactory()
        factories.LegalDocumentPageFactory(parent=index, summary="Kế hoạch phòng chống thiên tai")
    render(client, commune, "/van-ban/")
    kept = render(client, commune, "/van-ban/")
    assert not [q for q in kept.captured_queries if 'FROM "portal_issuingbody"' in q["sql"]]  # kept
    assert "Ban Chỉ huy Quân sự" not in kept.body
    with tenant_context(commune):
        body = IssuingBody.objects.create(name="Ban Chỉ huy Quân sự", locale=index.locale)
        factories.LegalDocumentPageFactory(parent=index, issuing_body=body, summary="Về huấn luyện dân quân")
    after = render(client, commune, "/van-ban/").body
    assert "Ban Chỉ huy Quân sự" in after.split('name="issuing_body"', 1)[1].split("</select>", 1)[0]
    assert "Về huấn luyện dân quân" in after
    filtered = render(client, commune, f"/van-ban/?issuing_body={body.pk}").body
    assert "Về huấn luyện dân quân" in filtered and "Kế hoạch phòng chống thiên tai" not in filtered


@override_settings(PAGE_CACHE_ENABLED=False)
def test_the_kept_site_follows_a_new_root_page_on_the_next_request(client, commune, district):
    """The Wagtail Site is kept between requests (no query for it); moving the site to another
    home page is served on the very next request, and the other site keeps its own."""
    render_home(client, commune)
    render_home(client, district)
    kept = render_home(client, commune)
    assert not [q for q in kept.captured_queries if 'FROM "wagtailcore_site"' in q["sql"]]
    with tenant_context(commune):
        new_home = Page.get_first_root_node().add_child(instance=HomePage(title="Trang chủ mới", slug="trang-chu-moi"))
        new_home.save_revision().publish()
        site = Site.objects.get(is_default_site=True)
        site.root_page = new_home
        site.save()
    assert "Trang chủ mới" in render_home(client, commune).body
    assert "Trang chủ mới" not in render_home(client, district).body


@override_settings(PAGE_CACHE_ENABLED=False)
def test_a_page_moved_to_another_slug_is_routed_at_once(client, commune):
    """Which child a slug names is kept between renders; a renamed slug answers 404 at its old
    address and the page at its new one on the next request."""
    with tenant_context(commune):
        index = factories.NewsIndexPageFactory()
        news = factories.NewsPageFactory(parent=index, title="Tin cũ", slug="tin-cu")
    render(client, commune, "/tin-tuc/tin-cu/")
    assert "Tin cũ" in render(client, commune, "/tin-tuc/tin-cu/").body
    with tenant_context(commune):
        news.slug = "tin-moi"
        news.save_revision().publish()
    assert client.get("/tin-tuc/tin-cu/", HTTP_HOST=commune.primary_hostname).status_code == 404
    assert "Tin cũ" in render(client, commune, "/tin-tuc/tin-moi/").body


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
