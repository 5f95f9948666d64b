"""The interface around the pages in English: search, rating, footer contacts, parent portal's name,
and a complete English catalogue of interface strings."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django_tenants.utils import tenant_context
from wagtail.models import Site

from sites.models import PortalSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def named_commune(make_tenant, province):
    district = make_tenant(
        "thanhson", kind="district", parent=province, name="Huyện Thanh Sơn", name_en="Thanh Son District"
    )
    commune = make_tenant("sonhung", kind="commune", parent=district, name="Xã Sơn Hùng", name_en="Son Hung Commune")
    with tenant_context(commune):
        contacts = PortalSettings.for_site(Site.objects.get(is_default_site=True))
        contacts.editorial_board = "Ban Biên tập Cổng thông tin điện tử Xã Sơn Hùng"
        contacts.editorial_board_en = "Editorial Board of the Son Hung Commune e-Portal"
        contacts.address = "Trụ sở UBND xã Sơn Hùng"
        contacts.phone = "0210 3846 123"
        contacts.save()
    return commune


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_search_page_in_english_under_en_with_english_interface_and_footer(client, named_commune):
    host = named_commune.primary_hostname
    english = client.get("/en/tim-kiem/", {"q": "son hung"}, HTTP_HOST=host)
    assert english.status_code == 200
    body = text_of(english)
    assert '<html lang="en"' in body
    assert "Search scope" in body and "Phạm vi tìm kiếm" not in body
    assert 'action="/en/tim-kiem/"' in body  # the search box stays in English
    assert "Component site of" in body and "Thanh Son District" in body and "Huyện Thanh Sơn" not in body
    assert "Editorial Board of the Son Hung Commune e-Portal" in body
    assert "Trụ sở UBND xã Sơn Hùng" in body and "0210 3846 123" in body  # no English given: Vietnamese text

    vietnamese = text_of(client.get("/tim-kiem/", {"q": "son hung"}, HTTP_HOST=host))
    assert '<html lang="vi"' in vietnamese and "Phạm vi tìm kiếm" in vietnamese
    assert "Huyện Thanh Sơn" in vietnamese and "Ban Biên tập Cổng thông tin điện tử Xã Sơn Hùng" in vietnamese
    switch = re.search(r'<nav class="language-switcher".*?</nav>', vietnamese, re.S).group(0)
    assert 'href="/en/tim-kiem/?q=son+hung"' in switch or 'href="/en/tim-kiem/?q=son%20hung"' in switch


def test_rating_form_in_english(client, named_commune):
    response = client.get("/en/danh-gia-trang/", HTTP_HOST=named_commune.primary_hostname)
    assert response.status_code == 200
    body = text_of(response)
    assert '<html lang="en"' in body and "Rate this website" in body


def test_english_catalogue_has_every_interface_string_translated():
    """Every msgid of the catalogues (made by ``bin/i18n`` from the templates and code) has a
    reviewed English text: none empty, none fuzzy, and none missing from the English file."""
    locale = Path(settings.BASE_DIR) / "locale"
    english = polib.pofile(str(locale / "en/LC_MESSAGES/django.po"))
    vietnamese = polib.pofile(str(locale / "vi/LC_MESSAGES/django.po"))
    todo = [entry.msgid for entry in english.untranslated_entries() + english.fuzzy_entries()]
    assert todo == []
    missing = {entry.msgid for entry in vietnamese if not entry.obsolete} - {entry.msgid for entry in english}
    assert missing == set()
