"""One NFC rule for every model (D21): text saved in NFD by any app is stored in NFC."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from django.apps import apps
from django_tenants.utils import tenant_context

from core.text import nfc_app_models

TEXT = "Ủy ban nhân dân xã Sơn Hùng — Người dân góp ý"
NFD = unicodedata.normalize("NFD", TEXT)
assert NFD != TEXT


def stored(model, pk, field):
    value = model.objects.filter(pk=pk).values_list(field, flat=True).get()
    assert unicodedata.is_normalized("NFC", value), f"{model._meta.label}.{field} stored in NFD"
    return value


def test_every_app_of_the_project_and_the_editor_models_are_covered():
    covered = nfc_app_models()
    for name in ("tenants", "search", "search.outbox", "localization", "workdays", "sites", "participation", "core"):
        label = next(config.label for config in apps.get_app_configs() if config.name == name)
        assert covered.get(label, "missing") is None, name
    assert covered["wagtailcore"] == {"page", "site"}
    assert {"wagtaildocs", "wagtailimages", "taggit"} <= set(covered)
    assert "auth" not in covered and "sessions" not in covered


@pytest.mark.django_db
def test_public_schema_models_are_stored_in_nfc(make_tenant):
    from localization.models import GlossaryTerm, TranslationMemory
    from search.models import Entry
    from workdays.models import CompensatoryWorkday, PublicHoliday

    tenant = make_tenant("nfcpublic", name=NFD, name_en="Son Hung")
    assert stored(type(tenant), tenant.pk, "name") == TEXT

    holiday = PublicHoliday.objects.create(date=date(2031, 9, 2), name=f"  {NFD} ", note=NFD)
    assert stored(PublicHoliday, holiday.pk, "name") == TEXT
    assert stored(PublicHoliday, holiday.pk, "note") == TEXT
    workday = CompensatoryWorkday.objects.create(date=date(2031, 9, 6), name=NFD)
    assert stored(CompensatoryWorkday, workday.pk, "name") == TEXT

    term = GlossaryTerm.objects.create(vi=f"{NFD}  mới", en="Son Hung Commune", notes=NFD)
    assert stored(GlossaryTerm, term.pk, "vi") == f"{TEXT} mới"
    assert stored(GlossaryTerm, term.pk, "notes") == TEXT
    memory = TranslationMemory.objects.create(source_text=NFD, target_text=NFD)
    assert stored(TranslationMemory, memory.pk, "target_text") == TEXT

    entry = Entry(
        tenant=tenant,
        tenant_path=tenant.path,
        tenant_kind=tenant.kind,
        page_id=1,
        title=NFD,
        url="/",
        date="2031-01-01T00:00:00Z",
        year=2031,
    )
    entry.save()
    assert stored(Entry, entry.pk, "title") == TEXT


@pytest.mark.django_db
def test_site_schema_models_are_stored_in_nfc(make_tenant):
    from taggit.models import Tag
    from wagtail.documents import get_document_model
    from wagtail.models import Page, Site

    from participation.models import SiteRating
    from sites.models import GovernmentLink

    tenant = make_tenant("nfcsite")
    with tenant_context(tenant):
        rating = SiteRating.objects.create(interface=5, content=5, quality=4, support=4, comment=NFD)
        assert stored(SiteRating, rating.pk, "comment") == TEXT

        link = GovernmentLink.objects.create(name=NFD, url="https://chinhphu.vn/")
        assert stored(GovernmentLink, link.pk, "name") == TEXT

        home = Site.objects.get(is_default_site=True).root_page
        child = home.add_child(instance=Page(title=NFD, slug="nfc-trang"))
        assert stored(Page, child.pk, "title") == TEXT

        document = get_document_model().objects.create(title=NFD, file="documents/nfc.pdf")
        assert stored(get_document_model(), document.pk, "title") == TEXT

        tag = Tag.objects.create(name=NFD, slug="nfc-the")
        assert stored(Tag, tag.pk, "name") == TEXT
