"""Vietnamese text (D21): NFD input is stored — and found — as NFC, through one mechanism for every model."""

from __future__ import annotations

import unicodedata

import pytest
from django_tenants.utils import tenant_context
from wagtail.models import Site

from sites.models import (
    IntroductionPage,
    LegalDocumentIndexPage,
    NewsIndexPage,
    NewsPage,
    Sector,
)

from .content_helpers import add_index, add_legal_document, host

pytest_plugins = ["tests.content_fixtures"]

NFC = "Sơn Hùng"
NFD = unicodedata.normalize("NFD", NFC)


def test_nfd_and_nfc_differ():
    assert NFD != NFC and len(NFD) > len(NFC)


def test_nfd_input_is_stored_as_nfc_in_fields_rich_text_streamfield_children_snippets_and_revisions(
    make_tenant, content_media
):
    tenant = make_tenant("vanbanmau")
    with tenant_context(tenant):
        home = Site.objects.get(is_default_site=True).root_page
        index = NewsIndexPage(title=f"Tin {NFD}", slug="tin", intro=f"<p>Xã {NFD}</p>")
        home.add_child(instance=index)
        news = NewsPage(
            title=f"Hội nghị xã {NFD}",
            slug="hoi-nghi",
            source=f"UBND xã {NFD}",
            summary=f"Tóm tắt {NFD}",
            body=[("paragraph", f"<p>Nội dung {NFD}</p>"), ("heading", f"Mục {NFD}")],
        )
        index.add_child(instance=news)
        revision = news.save_revision()
        revision.publish()
        news.refresh_from_db()
        index.refresh_from_db()
        assert news.title == f"Hội nghị xã {NFC}" and news.source == f"UBND xã {NFC}"
        assert news.summary == f"Tóm tắt {NFC}" and index.intro == f"<p>Xã {NFC}</p>" and index.title == f"Tin {NFC}"
        assert [str(block.value) for block in news.body] == [f"<p>Nội dung {NFC}</p>", f"Mục {NFC}"]
        revision.refresh_from_db()
        assert NFD not in str(revision.content) and NFC in str(revision.content)
        intro = IntroductionPage(title="Giới thiệu", slug="gioi-thieu")
        intro.leaders.add(intro.leaders.model(name=f"Hà {NFD}", position=f"Chủ tịch xã {NFD}"))
        home.add_child(instance=intro)
        intro.save_revision().publish()
        leader = IntroductionPage.objects.get(pk=intro.pk).leaders.get()
        assert leader.name == f"Hà {NFC}" and leader.position == f"Chủ tịch xã {NFC}"
        sector = Sector.objects.create(name=f"Lĩnh vực {NFD}")
        sector.refresh_from_db()
        assert sector.name == f"Lĩnh vực {NFC}"


@pytest.mark.django_db
def test_a_decomposed_query_finds_the_composed_text(client, make_tenant, content_media):
    tenant = make_tenant("timkiem")
    with tenant_context(tenant):
        index = add_index(LegalDocumentIndexPage, "van-ban", "Văn bản")
        add_legal_document(
            index,
            "qd-12",
            "12/QĐ-UBND",
            f"Công nhận thôn văn hóa xã {NFC}",
            signer="Chủ tịch UBND",
            issue_date="2026-02-01",
        )
    body = client.get("/van-ban/", {"q": f"xã {NFD}"}, HTTP_HOST=host(tenant)).content.decode()
    assert "12/QĐ-UBND" in body and "Tìm thấy 1 văn bản" in body
