"""Every page type renders with its key fields, Dublin Core, print view, RSS, sitemap/robots, component sites,
the public-service widget, EMC badge and the search-document / English-duty contracts."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest
from django.apps import apps
from django.test import override_settings
from django_tenants.utils import schema_context, tenant_context
from wagtail.models import Page

from .content_helpers import host

pytestmark = pytest.mark.django_db

DC_MANDATORY = ["DC.title", "DC.creator", "DC.date", "DC.description", "DC.publisher", "DC.identifier", "DC.language"]

pytest_plugins = ["tests.content_fixtures"]


def get(client, tenant, url, **extra):
    return client.get(url, HTTP_HOST=host(tenant), **extra)


def key_text(page) -> list[str]:
    """What each page type must show (its legally required fields)."""
    name = type(page).__name__
    if name == "NewsPage":
        return [page.source, page.summary[:40]]
    if name == "LegalDocumentPage":
        return [page.number, page.summary[:30], page.signer, page.get_status_display()]
    if name == "ServicePage":
        return [page.code, page.agency, page.processing_time, page.get_level_display()]
    if name == "IntroductionPage":
        leader = page.leaders.first()
        return [leader.name, leader.position, "Sơ đồ tổ chức", "Bản đồ hành chính", "Di tích"]
    if name == "WorkSchedulePage":
        entry = page.entries.first()
        return [entry.content, entry.chair, entry.location]
    if name == "ProjectPage":
        return [page.sponsor, page.get_status_display(), page.get_funding_type_display()]
    if name == "ScienceProgrammePage":
        return [page.code, page.lead_unit, page.get_level_display()]
    if name == "StatisticsReportPage":
        return [page.period, page.data_file.title]
    if name == "ContactDirectoryPage":
        official = page.officials.first()
        return [official.name, official.position, official.email]
    return [page.title]


def test_every_page_type_of_the_app_renders_with_its_key_fields_and_dublin_core(client, content_site):
    with tenant_context(content_site):
        pages = [p.specific for p in Page.objects.filter(depth__gt=1).live()]
        expectations = [(p.url, type(p).__name__, key_text(p)) for p in pages]
    page_models = {m.__name__ for m in apps.get_app_config("portal").get_models() if issubclass(m, Page)}
    assert {name for _url, name, _texts in expectations} == page_models  # every page type has content_site content
    for url, name, texts in expectations:
        response = get(client, content_site, url)
        assert response.status_code == 200, (url, response.status_code)
        body = response.content.decode()
        for text in texts:
            assert text in body, (name, text)
        for element in DC_MANDATORY:
            match = re.search(rf'<meta name="{element}"[^>]* content="([^"]*)"', body)
            assert match and match.group(1).strip(), (name, element)
        assert '<link rel="canonical" href="http://' in body and '<meta name="description" content="' in body
        assert 'class="skip-link" href="#main"' in body and '<main id="main"' in body


def test_layout_shows_portal_contacts_links_and_no_emc_badge_by_default(client, content_site):
    body = get(client, content_site, "/").content.decode()
    assert "Ban Biên tập Cổng thông tin điện tử Tỉnh Nội Dung" in body  # D10 footer
    assert "bbt@noidung.phutho.gov.vn" in body and "0210 3846 124" in body  # email, fax
    assert "https://chinhphu.vn/" in body  # D14 government links
    assert "emc-badge" not in body  # D27: empty by default


def test_emc_code_is_rendered_on_every_page_safely(client, content_site):
    with schema_context("public"):
        content_site.emc_code = "EMC-PT-0042"
        content_site.save()
    body = get(client, content_site, "/van-ban/").content.decode()
    assert 'data-emc-id="EMC-PT-0042"' in body
    with schema_context("public"):
        content_site.emc_code = (
            '<a href="https://emc.gov.vn/s/42"><img src="https://emc.gov.vn/b.png" onerror="alert(1)">'
            '</a><script src="https://emc.gov.vn/t.js"></script><script>alert(2)</script>'
            '<iframe src="https://x.io">'
        )
        content_site.save()
    response = get(client, content_site, "/tin-tuc/")
    body = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<script async src="https://emc.gov.vn/t.js" nonce="[^"]+"></script>', body)  # CSP nonce
    assert 'href="https://emc.gov.vn/s/42"' in body and 'src="https://emc.gov.vn/b.png"' in body
    assert "alert(1)" not in body and "alert(2)" not in body and "x.io" not in body
    with schema_context("public"):
        content_site.emc_code = "<div"  # malformed: never breaks the page
        content_site.save()
    assert get(client, content_site, "/").status_code == 200


def test_parent_link_and_component_sites_come_from_the_tenant_tree(client, content_sites, db):
    province, commune = content_sites
    home = get(client, province, "/").content.decode()
    assert "Trang thông tin điện tử thành phần" in home
    assert f'href="http://{host(commune)}' in home and "Xã Thành Phần" in home  # D28
    child_home = get(client, commune, "/").content.decode()
    assert "Trang thành phần của" in child_home and f'href="http://{host(province)}' in child_home  # D14
    assert "Trang thông tin điện tử thành phần" not in child_home  # a commune has no components


def test_print_view_and_save_button(client, content_site):
    body = get(client, content_site, "/tin-tuc/tin-1/?print=1").content.decode()
    assert 'class=" print-view"' in body or "print-view" in body.split("<body", 1)[1].split(">", 1)[0]
    assert "Ctrl+P" in body and "data-print" in body
    css = open("sites/static/sites/css/portal.css", encoding="utf-8").read()
    assert "@media print" in css


def test_dossier_widget_aggregates_the_services_of_the_site(client, content_site):
    from django.db.models import Sum

    from sites.models import DossierStatistics, ServicePage

    with tenant_context(content_site):
        latest_year = DossierStatistics.objects.order_by("-period_end").first().period_end.year
        rows = DossierStatistics.objects.filter(period_end__year=latest_year)
        sums = rows.aggregate(processed=Sum("processed"), on_time=Sum("on_time"), late=Sum("late"))
        service = ServicePage.objects.live().first()
        DossierStatistics.objects.create(
            service=service,
            period_start=f"{latest_year}-01-01",
            period_end=f"{latest_year}-01-01",
            received=10,
            processed=10,
            on_time=4,
            late=6,
        )
    body = get(client, content_site, "/").content.decode()
    stats = dict(re.findall(r'data-stat="(\w+)">([^<]+)<', body))
    processed, late = sums["processed"] + 10, sums["late"] + 6
    assert stats["processed"] == str(processed) and stats["on_time"] == str(sums["on_time"] + 4)
    assert stats["late"] == str(late)
    assert (
        stats["late_rate"] == f"{round(100 * late / processed, 1):.1f}%".replace(".", ",")
        or stats["late_rate"] == f"{round(100 * late / processed, 1):.1f}%"
    )
    assert "Kết quả giải quyết TTHC" in body and "Cập nhật lúc" in body


def test_dossier_statistics_validation():
    from django.core.exceptions import ValidationError

    from sites.models import DossierStatistics

    row = DossierStatistics(
        period_start="2026-01-01", period_end="2026-01-31", received=5, processed=5, on_time=2, late=2
    )
    with pytest.raises(ValidationError) as error:
        row.clean()
    assert "đúng hạn cộng trễ hạn" in str(error.value)
    assert DossierStatistics(processed=8, late=2).late_rate == 25.0


def test_rss_lists_only_live_public_news(client, content_site):
    from sites.models import NewsPage

    with tenant_context(content_site):
        index = Page.objects.get(slug="tin-tuc").specific
        draft = NewsPage(
            title="Tin nháp chưa duyệt",
            slug="tin-nhap",
            source="BBT",
            summary="Nháp",
            body=[("paragraph", "<p>Nháp</p>")],
            live=False,
        )
        index.add_child(instance=draft)
        draft.save_revision()
        unpublished = NewsPage.objects.get(slug="tin-2")
        unpublished_title = unpublished.title
        unpublished.unpublish()
        live_titles = list(NewsPage.objects.live().values_list("title", flat=True))
    response = get(client, content_site, "/tin-tuc/rss/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    titles = [item.findtext("title") for item in ElementTree.fromstring(response.content).iter("item")]
    assert sorted(titles) == sorted(live_titles)
    assert "Tin nháp chưa duyệt" not in titles and unpublished_title not in titles
    assert (
        get(client, content_site, "/tin-tuc/").content.decode().count('rel="alternate" type="application/rss+xml"') == 1
    )


def test_news_index_is_paginated_and_filterable_by_category(client, content_site):
    from sites.models import NewsCategory, NewsPage

    with tenant_context(content_site):
        index = Page.objects.get(slug="tin-tuc")
        for number in range(10):
            index.add_child(
                instance=NewsPage(
                    title=f"Tin bổ sung {number}",
                    slug=f"bo-sung-{number}",
                    source="BBT",
                    summary="Tin",
                    body=[("paragraph", "<p>Tin</p>")],
                )
            )
        category = NewsCategory.objects.get(name="Kinh tế")
        expected = set(NewsPage.objects.live().filter(categories=category).values_list("title", flat=True))
    first = get(client, content_site, "/tin-tuc/").content.decode()
    second = get(client, content_site, "/tin-tuc/?page=2").content.decode()
    assert 'rel="next"' in first and 'aria-current="page">2<' in second
    filtered = get(client, content_site, f"/tin-tuc/?category={category.pk}").content.decode()
    assert all(title in filtered for title in expected) and "Tin bổ sung 0" not in filtered


def test_sitemap_and_robots_are_per_tenant(client, content_sites, db):
    province, commune = content_sites
    robots = get(client, province, "/robots.txt")
    assert robots.status_code == 200 and f"Sitemap: http://{host(province)}/sitemap.xml" in robots.content.decode()
    assert f"Sitemap: http://{host(commune)}/sitemap.xml" in get(client, commune, "/robots.txt").content.decode()
    sitemap = get(client, province, "/sitemap.xml").content.decode()
    assert host(province) in sitemap and "/van-ban/qd-quy-che-cong-ttdt/" in sitemap
    assert host(commune) not in sitemap
    assert host(province) not in get(client, commune, "/sitemap.xml").content.decode()


def test_search_documents_follow_the_shared_contract(content_site):
    from core.kinds import KINDS
    from core.page_contract import SearchDocument
    from sites.models import DocumentStatus, LegalDocumentPage, ServicePage

    with tenant_context(content_site):
        for page in Page.objects.filter(depth__gt=1).live().specific():
            document = page.search_document()
            if isinstance(page, LegalDocumentPage) and page.status == DocumentStatus.WITHDRAWN:
                assert document is None
                continue
            assert isinstance(document, SearchDocument), type(page)
            assert document.kind in KINDS and document.title == page.title
        doc = LegalDocumentPage.objects.live().get(number="09/QĐ-BBT").search_document()
        assert doc.kind == "document" and doc.meta["doc_number"] == "09/QĐ-BBT"
        assert doc.meta["doc_type"] == "Quyết định" and doc.meta["doc_status"] == "in_force"
        service = ServicePage.objects.live().get(code="1.001193")
        meta = service.search_document().meta
        assert (
            meta["service_code"] == "1.001193" and meta["service_level"] == "Toàn trình"
        )  # label in the page's language
        assert meta["processed"] == meta["on_time"] + meta["late"] > 0


def test_english_duties_are_declared():
    from sites.models import ContactDirectoryPage, IntroductionPage, NewsPage, ServicePage

    assert IntroductionPage.english_duty == "D1" and IntroductionPage().requires_english()
    assert ContactDirectoryPage.english_duty == "D9" and ContactDirectoryPage().requires_english()
    assert ServicePage.english_duty == "D15"
    assert ServicePage(foreigner_usable=True).requires_english() and not ServicePage().requires_english()
    assert not NewsPage().requires_english()


def test_project_and_service_catalogues_filter(client, content_site):
    projects = get(client, content_site, "/du-an/?status=completed").content.decode()
    assert "Cải tạo nhà văn hóa" in projects and "Cứng hóa đường giao thông" not in projects
    assert "Khu du lịch sinh thái" in get(client, content_site, "/du-an/?project_type=investment_call").content.decode()
    services = get(client, content_site, "/dich-vu-cong/?level=partial").content.decode()
    assert "Đăng ký kết hôn" in services and "Đăng ký khai sinh" not in services
    business = get(client, content_site, "/dich-vu-cong/?user_type=business").content.decode()
    assert "Đăng ký thành lập hộ kinh doanh" in business and "Đăng ký kết hôn" not in business
    assert get(client, content_site, "/du-an/?status=<script>").status_code == 200  # unknown value: ignored


def test_a_project_shows_its_donor_apart_from_its_investor(client, content_site):
    """An ODA project names its donor (nhà tài trợ) beside the investor (chủ đầu tư), on its page, in the
    catalogue and in its search text; a project without a donor shows no empty donor row."""
    from sites.models import ProjectIndexPage, ProjectPage

    from . import factories as f

    donor = "Cơ quan Hợp tác quốc tế Nhật Bản (JICA)"
    with tenant_context(content_site):
        index = ProjectIndexPage.objects.get()
        oda = f.ProjectPageFactory(
            parent=index, slug="kenh-oda", title="Kiên cố hóa kênh mương nội đồng", funding_type="oda",
            sponsor="UBND tỉnh Nội Dung", donor=donor,
        )  # fmt: skip
        url, other = oda.url, ProjectPage.objects.exclude(pk=oda.pk).filter(donor="").first().url
        assert donor in oda.search_document().body and "UBND tỉnh Nội Dung" in oda.search_document().body
    page = get(client, content_site, url).content.decode()
    assert "<dt>Chủ đầu tư</dt><dd>UBND tỉnh Nội Dung</dd>" in page
    assert f"<dt>Nhà tài trợ</dt><dd>{donor}</dd>" in page
    assert donor in get(client, content_site, "/du-an/?funding_type=oda").content.decode()
    assert "Nhà tài trợ" not in get(client, content_site, other).content.decode()


def test_section_index_filters_articles_by_topic(client, content_site):
    body = get(client, content_site, "/quy-hoach-ke-hoach/?topic=investment").content.decode()
    assert "Kêu gọi đầu tư dự án du lịch" in body and "điều chỉnh quy hoạch sử dụng đất" not in body


@override_settings(PAGE_CACHE_ENABLED=False)
@pytest.mark.parametrize(
    ("published_utc", "day_in_vietnam"),
    [
        (datetime(2026, 3, 1, 16, 59, 59, tzinfo=UTC), "2026-03-01"),  # 23:59:59 in Hà Nội
        (datetime(2026, 3, 1, 17, 0, tzinfo=UTC), "2026-03-02"),  # midnight in Hà Nội, still 1 March in UTC
        (datetime(2026, 3, 1, 23, 30, tzinfo=UTC), "2026-03-02"),  # 06:30 in Hà Nội
    ],
)
def test_dc_date_is_the_day_in_vietnam_and_a_legal_documents_issue_date(
    client, content_site, published_utc, day_in_vietnam
):
    with tenant_context(content_site):
        live = [p.specific for p in Page.objects.filter(depth__gt=2).live()]
        page = next(p for p in live if type(p).__name__ == "IntroductionPage")
        document = next(p for p in live if type(p).__name__ == "LegalDocumentPage")
        Page.objects.filter(pk__in=[page.pk, document.pk]).update(last_published_at=published_utc)
        urls = page.url, document.url
    dc_date = r'<meta name="DC.date"[^>]* content="([^"]*)"'
    assert re.search(dc_date, get(client, content_site, urls[0]).content.decode()).group(1) == day_in_vietnam
    issued = re.search(dc_date, get(client, content_site, urls[1]).content.decode()).group(1)
    assert issued == document.issue_date.isoformat()


def test_a_section_names_the_unit_that_supplies_it(make_tenant, content_media):
    """Issue 15 item 3: each section index names the unit responsible for supplying its content; the
    board sets it in the section's editor and the section's page shows it."""
    from django.test import Client
    from django_tenants.utils import tenant_context
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    from sites.models import NewsIndexPage

    from .content_helpers import add_index, host, make_board, signed_in

    tenant = make_tenant("cungcap")
    with tenant_context(tenant):
        make_board()
        index = add_index(NewsIndexPage, "tin-tuc", "Tin tức")
    head = signed_in(tenant, "truongban")
    form = nested_form_data(
        {
            "title": "Tin tức",
            "slug": "tin-tuc",
            "intro": rich_text(""),
            "supplying_unit": "Văn phòng HĐND và UBND xã",
            "comments": inline_formset([]),
            "action-publish": "1",
        }
    )
    edit = head.get(f"/admin/pages/{index.pk}/edit/", HTTP_HOST=host(tenant)).content.decode()
    assert 'name="supplying_unit"' in edit and "Đơn vị cung cấp thông tin" in edit
    assert head.post(f"/admin/pages/{index.pk}/edit/", form, HTTP_HOST=host(tenant)).status_code == 302
    page = Client().get("/tin-tuc/", HTTP_HOST=host(tenant)).content.decode()
    assert "Đơn vị cung cấp thông tin: Văn phòng HĐND và UBND xã" in page
