"""What every public page of a site carries around its content (issue 16 item 6): the site's own 404
page with its header, menu and search box; ASCII page addresses; Open Graph tags; a question's own
canonical URL and sitemap entry; an admin that asks no third party for avatars.

pytest-django runs the views with DEBUG off, as in production."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Site

from core.text import ascii_slug, strip_diacritics

from .content_helpers import make_user, signed_in

pytestmark = pytest.mark.django_db


def meta(body: str, prop: str) -> str | None:
    found = re.search(rf'<meta property="{re.escape(prop)}" content="([^"]*)"', body)
    return found.group(1) if found else None


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Lễ hội đình làng Sơn Hùng", "le-hoi-dinh-lang-son-hung"),
        ("ĐẠI HỘI Đảng bộ xã", "dai-hoi-dang-bo-xa"),
        ("Thông báo số 12/TB-UBND: lịch tiếp dân", "thong-bao-so-12tb-ubnd-lich-tiep-dan"),
        ("Khuyến nông — chăn nuôi", "khuyen-nong-chan-nuoi"),
    ],
)
def test_a_slug_made_from_a_vietnamese_title_is_ascii(title, slug):
    assert ascii_slug(title) == slug
    assert strip_diacritics("Đồng Tâm") == "Dong Tam"  # English names keep their case


def test_a_page_saved_without_a_slug_gets_an_ascii_address(client, commune):
    from sites.models import HomePage

    with tenant_context(commune):
        home = Site.objects.get(is_default_site=True).root_page
        first = home.add_child(instance=HomePage(title="Lễ hội đình làng"))
        second = home.add_child(instance=HomePage(title="Lễ hội Đình làng"))
        first.save_revision().publish()
    assert (first.slug, second.slug) == ("le-hoi-dinh-lang", "le-hoi-dinh-lang-2")
    assert client.get("/le-hoi-dinh-lang/", HTTP_HOST=commune.primary_hostname).status_code == 200


def test_an_unknown_address_gets_the_sites_own_404_page_in_each_language(commune):
    visitor = Client(raise_request_exception=False)
    response = visitor.get("/khong-co-trang-nay/", HTTP_HOST=commune.primary_hostname)
    body = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Không tìm thấy trang</h1>" in body and "Xã Sơn Hùng" in body  # our page, this site's header
    assert 'role="search"' in body and 'class="main-nav"' in body  # search box and menu
    assert '<p lang="en">Page not found' in body
    assert 'href="/"' in body
    english = visitor.get("/en/no-such-page/", HTTP_HOST=commune.primary_hostname)
    english_body = english.content.decode()
    assert english.status_code == 404 and '<html lang="en"' in english_body
    assert "<h1>Page not found</h1>" in english_body and '<p lang="vi">Không tìm thấy trang' in english_body
    assert "Traceback" not in body + english_body


def test_every_page_carries_open_graph_tags(client, commune):
    from sites.models import HomePage

    with tenant_context(commune):
        home = Site.objects.get(is_default_site=True).root_page
        page = home.add_child(instance=HomePage(title="Giới thiệu chung", slug="gioi-thieu-chung"))
        page.save_revision().publish()
    host = commune.primary_hostname
    home_body = client.get("/", HTTP_HOST=host).content.decode()
    assert meta(home_body, "og:type") == "website" and meta(home_body, "og:site_name") == "Xã Sơn Hùng"
    assert meta(home_body, "og:locale") == "vi_VN"
    body = client.get("/gioi-thieu-chung/", HTTP_HOST=host).content.decode()
    assert meta(body, "og:type") == "article" and meta(body, "og:title") == "Giới thiệu chung"
    assert meta(body, "og:url") == f"http://{host}/gioi-thieu-chung/"
    search = client.get("/tim-kiem/", HTTP_HOST=host).content.decode()  # a view that is not a page
    assert meta(search, "og:site_name") == "Xã Sơn Hùng" and meta(search, "og:url")


def test_a_published_question_has_its_own_canonical_url_and_is_in_the_sitemap(client, citizen_site):
    from participation.models import Question

    with tenant_context(citizen_site.tenant):
        question = Question.objects.create(
            page=citizen_site.qa_page,
            asker_name="Nguyễn Văn A",
            asker_address="Khu 3",
            topic="Hộ tịch",
            title="Thủ tục đăng ký khai sinh cho con",
            body="Tôi muốn đăng ký khai sinh cho con thì cần giấy tờ gì?",
            status=Question.Status.ANSWERED,
            answer="Cần tờ khai và giấy chứng sinh.",
            answered_at=timezone.now(),
            published=True,
            published_at=timezone.now(),
        )
        hidden = Question.objects.create(
            page=citizen_site.qa_page,
            asker_name="B",
            asker_address="Khu 4",
            topic="Đất đai",
            title="Chưa trả lời",
            body="?",
        )
    host = citizen_site.host
    url = f"http://{host}/hoi-dap/cau-hoi/{question.pk}/"
    body = client.get(f"/hoi-dap/cau-hoi/{question.pk}/", HTTP_HOST=host).content.decode()
    assert f'<link rel="canonical" href="{url}">' in body
    assert f'<meta name="DC.identifier" scheme="DCTERMS.URI" content="{url}">' in body
    assert '<meta name="DC.title" content="Thủ tục đăng ký khai sinh cho con">' in body
    assert meta(body, "og:url") == url
    sitemap = ET.fromstring(client.get("/sitemap.xml", HTTP_HOST=host).content)
    locations = [node.text for node in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert url in locations and f"http://{host}/hoi-dap/" in locations
    assert f"http://{host}/hoi-dap/cau-hoi/{hidden.pk}/" not in locations  # not answered: not public


def test_the_admin_asks_no_third_party_for_avatars(commune):
    with tenant_context(commune):
        editor = make_user("bientap", group="Biên tập viên")
        editor.email = "bientap@sonhung.gov.vn"  # what Gravatar would be asked about
        editor.save()
    editor = signed_in(commune, "bientap")
    for path in ("/admin/", "/admin/account/"):
        response = editor.get(path, HTTP_HOST=commune.primary_hostname)
        assert response.status_code == 200, path
        assert "gravatar" not in response.content.decode().lower()


def test_every_section_of_the_site_is_one_click_from_every_page(client, citizen_site):
    """Sections the board shows in menus come first; every other live section is under "more
    sections" — on a page, a routed view, a view that is not a page and the 404 page alike."""
    from wagtail.models import Page

    from sites.models import HomePage

    with tenant_context(citizen_site.tenant):
        Page.objects.filter(pk=citizen_site.consultations.pk).update(show_in_menus=True)
        home = Site.objects.get(is_default_site=True).root_page
        draft = home.add_child(instance=HomePage(title="Chuyên mục nháp", slug="nhap", live=False))
    host = citizen_site.host
    visitor = Client(raise_request_exception=False)
    for path in ("/", "/hoi-dap/", "/hoi-dap/tra-cuu/", "/tim-kiem/", "/khong-co/"):
        body = visitor.get(path, HTTP_HOST=host).content.decode()
        assert '<nav class="main-nav"' in body, (path, body[:300])
        nav = body[body.index('<nav class="main-nav"') : body.index("</nav>", body.index('<nav class="main-nav"'))]
        main, more = nav.split('id="more-menu"')
        assert 'href="/lay-y-kien/"' in main, path  # shown in menus
        assert 'href="/hoi-dap/"' in more, path  # not in menus: still one click away
        assert f'href="{draft.url}"' not in nav and "/nhap/" not in nav  # not live: nowhere
        assert 'aria-controls="main-menu"' in nav and 'aria-expanded="false"' in nav


@pytest.mark.parametrize(
    ("language", "count", "rate", "money"), [("vi", "14.500", "9,1%", "14.500,0"), ("en", "14,500", "9.1%", "14,500.0")]
)
def test_numbers_follow_the_visitors_language(language, count, rate, money):
    """Vietnamese groups thousands with "." and writes decimals with "," ("14.500,0 triệu đồng")."""
    from django.template import Context, Template
    from django.utils import translation

    stats = {"received": 14500, "processed": 1200, "on_time": 1100, "late": 100, "late_rate": 9.14, "services": 55}
    with translation.override(language):
        html = Template('{% include "includes/dossier_stats.html" with stats=stats %}').render(
            Context({"stats": stats})
        )
        budget = Template('{{ budget|floatformat:"1g" }}').render(Context({"budget": 14500}))
    assert f'data-stat="received">{count}<' in html and f'data-stat="late_rate">{rate}<' in html
    assert budget == money


def test_the_english_home_shows_english_news_then_the_newest_vietnamese_marked_as_such(client, commune):
    """Not "No news yet": the English news first (by date), filled up with untranslated Vietnamese
    news that says it is in Vietnamese; a translated item never appears twice."""
    from datetime import timedelta

    from . import factories
    from .localization_helpers import translate

    with tenant_context(commune):
        index = factories.NewsIndexPageFactory()
        now = timezone.now()
        translated = factories.NewsPageFactory(
            parent=index, title="Hội nghị tổng kết năm", date=now - timedelta(days=2)
        )
        factories.NewsPageFactory(parent=index, title="Khai giảng lớp tin học", date=now - timedelta(days=1))
    translate(
        commune, translated.pk, {"Hội nghị tổng kết năm": "Year-end review conference", "Tin tức – Sự kiện": "News"}
    )
    body = client.get("/en/", HTTP_HOST=commune.primary_hostname).content.decode()
    start = body.index('home-news"')  # the home's news block (its default heading in English)
    news = body[start : body.index("</section>", start)]
    assert ">Latest news</h2>" in news
    assert "No news yet" not in news
    assert news.index("Khai giảng lớp tin học") < news.index("Year-end review conference")  # newest first
    assert ">Hội nghị tổng kết năm</a>" not in news  # its English version stands for it
    assert '<li class="card" lang="vi">' in news and '<span lang="en">In Vietnamese</span>' in news
    vietnamese = client.get("/", HTTP_HOST=commune.primary_hostname).content.decode()
    assert "Year-end review conference" not in vietnamese and 'lang="vi">' not in vietnamese.split("<main", 1)[1]
