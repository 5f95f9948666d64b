"""Locales and URLs: /en/ pages, the language switcher, the untranslated notice, hreflang, sitemap."""

import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.dispatch import receiver
from django_tenants.utils import tenant_context
from wagtail.models import Locale
from wagtail.signals import page_published

from .localization_helpers import add_page, home_page, translate

INTRO_VI = "Xã Sơn Hùng có 12 khu dân cư."
INTRO_EN = "Son Hung Commune has 12 residential areas."


@pytest.fixture
def bilingual(commune):
    """A commune with an English home page and an English "Giới thiệu" page; one page stays Vietnamese."""
    home = home_page(commune)
    with tenant_context(commune):
        home.intro = f"<p>{INTRO_VI}</p>"
        home.save_revision().publish()
    about = add_page(commune, "Giới thiệu", "gioi-thieu", "<p>Lịch sử hình thành xã.</p>")
    only_vi = add_page(commune, "Lịch công tác", "lich-cong-tac", "<p>Lịch tuần này.</p>")
    texts = {
        "Xã Sơn Hùng": "Son Hung Commune",
        INTRO_VI: INTRO_EN,
        "trang-chu": "home",
        "Lịch sử hình thành xã.": "How the commune came to be.",
    }
    translate(commune, home.pk, texts)
    translate(commune, about.pk, {**texts, "Giới thiệu": "Introduction"})
    return {"tenant": commune, "host": commune.primary_hostname, "home": home, "about": about, "only_vi": only_vi}


def html_lang(body: str) -> str:
    return re.search(r'<html lang="([^"]+)"', body).group(1)


def alternates(body: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', body))


def switcher(body: str) -> dict[str, str]:
    nav = re.search(r'<nav class="language-switcher".*?</nav>', body, re.S).group(0)
    return dict((lang, href) for href, lang in re.findall(r'<a href="([^"]+)" lang="([^"]+)"', nav))


def test_english_pages_are_under_en_with_lang_en_and_hreflang_links(client, bilingual):
    host = bilingual["host"]
    vi = client.get("/gioi-thieu/", HTTP_HOST=host)
    en = client.get("/en/introduction/", HTTP_HOST=host)
    assert vi.status_code == en.status_code == 200
    assert html_lang(vi.content.decode()) == "vi" and html_lang(en.content.decode()) == "en"
    assert "<h1>Introduction</h1>" in en.content.decode()
    assert "How the commune came to be." in en.content.decode()
    base = bilingual["home"].get_site().root_url  # no ":80" on the default port
    expected = {"vi": f"{base}/gioi-thieu/", "en": f"{base}/en/introduction/", "x-default": f"{base}/gioi-thieu/"}
    assert alternates(vi.content.decode()) == expected
    assert alternates(en.content.decode()) == expected
    home_en = client.get("/en/", HTTP_HOST=host).content.decode()
    assert html_lang(home_en) == "en" and INTRO_EN in home_en


def test_switching_language_keeps_the_page(client, bilingual):
    host = bilingual["host"]
    to_en = switcher(client.get("/gioi-thieu/", HTTP_HOST=host).content.decode())
    assert to_en == {"en": "/en/introduction/"}
    english = client.get(to_en["en"], HTTP_HOST=host).content.decode()
    assert "<h1>Introduction</h1>" in english
    back = switcher(english)
    assert back == {"vi": "/gioi-thieu/"}
    assert "<h1>Giới thiệu</h1>" in client.get(back["vi"], HTTP_HOST=host).content.decode()
    assert switcher(client.get("/", HTTP_HOST=host).content.decode()) == {"en": "/en/"}


def test_untranslated_page_gets_a_clear_bilingual_notice_not_a_500(client, bilingual):
    host, page = bilingual["host"], bilingual["only_vi"]
    link = switcher(client.get("/lich-cong-tac/", HTTP_HOST=host).content.decode())["en"]
    assert link == f"/en/ban-dich-chua-co/{page.pk}/"
    response = client.get(link, HTTP_HOST=host)
    assert response.status_code == 404
    body = response.content.decode()
    assert "Trang này chưa có bản tiếng Anh" in body and "This page has not been translated yet" in body
    assert html_lang(body) == "en"
    assert 'href="/lich-cong-tac/"' in body  # the Vietnamese version is one click away
    # Unknown page ids and Vietnamese-only paths under /en/ answer cleanly too.
    assert client.get("/en/ban-dich-chua-co/999999/", HTTP_HOST=host).status_code == 404
    assert client.get("/en/lich-cong-tac/", HTTP_HOST=host).status_code == 404
    # Once the translation exists, the notice URL leads to it.
    translate(bilingual["tenant"], page.pk, {"Lịch công tác": "Work schedule"})
    moved = client.get(link, HTTP_HOST=host)
    assert moved.status_code == 302 and moved["Location"] == "/en/work-schedule/"


def test_site_without_english_home_answers_en_with_the_notice(client, district):
    response = client.get("/en/", HTTP_HOST=district.primary_hostname)
    assert response.status_code == 404
    body = response.content.decode()
    assert "This page has not been translated yet" in body and "Huyện Thanh Sơn" in body
    assert html_lang(body) == "en"
    vi = client.get("/", HTTP_HOST=district.primary_hostname).content.decode()
    assert alternates(vi) == {}  # one language only: no alternates


def test_sitemap_lists_every_language_with_hreflang_alternates(client, bilingual):
    response = client.get("/sitemap.xml", HTTP_HOST=bilingual["host"])
    assert response.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(response.content)
    entries = {
        url.find("s:loc", ns).text: {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        for url in root.findall("s:url", ns)
    }
    by_path = {urlsplit(loc).path.lstrip("/"): alts for loc, alts in entries.items()}
    assert set(by_path) == {"", "en/", "gioi-thieu/", "en/introduction/", "lich-cong-tac/"}
    about = by_path["gioi-thieu/"]
    assert about == by_path["en/introduction/"]
    assert about["vi"].endswith("/gioi-thieu/") and about["en"].endswith("/en/introduction/")
    assert about["x-default"] == about["vi"]
    assert by_path["lich-cong-tac/"] == {}  # untranslated: no alternates claimed


def test_translations_publish_through_revisions_so_page_published_fires(commune):
    published = []

    @receiver(page_published)
    def record(sender, instance, **kwargs):
        published.append((instance.title, instance.locale.language_code))

    try:
        page = add_page(commune, "Cơ cấu tổ chức", "co-cau-to-chuc")
        published.clear()
        translate(commune, page.pk, {"Cơ cấu tổ chức": "Organizational structure"})
    finally:
        page_published.disconnect(record)
    assert ("Organizational structure", "en") in published


def test_wagtail_admin_is_in_vietnamese_by_default(client, make_tenant):
    tenant = make_tenant("hanhchinh", admin_username="quantri", admin_password="Mk-2026-qt!")
    with tenant_context(tenant):
        user = get_user_model().objects.get(username="quantri")
        assert Locale.get_default().language_code == "vi"
        client.force_login(user)  # session and last_login live in the tenant's schema
    body = client.get("/admin/", HTTP_HOST=tenant.primary_hostname).content.decode()
    assert html_lang(body) == "vi"
    assert json.dumps("Đăng xuất")[1:-1] in body and "Log out" not in body  # sidebar props (JSON)
    login = client.get("/admin/login/", HTTP_HOST=make_tenant("khac").primary_hostname).content.decode()
    assert "Đăng nhập trang quản trị" in login  # the Vietnamese supplement of the Wagtail catalogue
    from wagtail.users.models import UserProfile

    with tenant_context(tenant):
        assert UserProfile.get_for_user(user).preferred_language == ""  # follows the site default (vi)
