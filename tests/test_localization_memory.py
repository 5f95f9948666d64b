"""Province glossary and translation memory, and the machine translator that pre-fills from them."""

import socket

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django_tenants.utils import schema_context, tenant_context
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue

from localization.machine_translator import ProvinceMemoryTranslator
from localization.models import GlossaryTerm, TranslationMemory
from localization.services import memory

from .console_helpers import verified_login
from .localization_helpers import add_page, home_page, translate

SENTENCE = "Xã có 12 khu dân cư với hơn 6.800 nhân khẩu."
SENTENCE_EN = "The commune has 12 residential areas and more than 6,800 inhabitants."


def locales():
    return Locale.objects.get(language_code="vi"), Locale.objects.get(language_code="en")


def prefill(strings, options=None):
    vi, en = locales()
    translator = ProvinceMemoryTranslator(options if options is not None else {})
    result = translator.translate(vi, en, [StringValue(text) for text in strings])
    return {value.data: translated.data for value, translated in result.items()}


def test_seeded_glossary_has_the_standard_administrative_terms(db):
    with schema_context("public"):
        terms = dict(GlossaryTerm.objects.values_list("vi", "en"))
    assert terms["Ủy ban nhân dân"] == "People's Committee"
    assert terms["Hội đồng nhân dân"] == "People's Council"
    assert terms["Ủy ban Mặt trận Tổ quốc"] == "Fatherland Front Committee"
    assert terms["Đảng ủy"] == "Party Committee"
    assert terms["Sở Thông tin và Truyền thông"] == "Department of Information and Communications"
    assert terms["Thủ tục hành chính"] == "Administrative procedure"
    assert (terms["xã"], terms["huyện"], terms["tỉnh"]) == ("commune", "district", "province")
    assert terms["Trưởng ban biên tập"] == "Editor-in-chief"
    assert len(terms) >= 45


def test_glossary_prefills_whole_terms_and_short_titles_only(commune):
    with tenant_context(commune):
        result = prefill(
            [
                "Thủ tục hành chính",
                "Uỷ ban nhân dân xã Sơn Hùng",
                "Văn phòng Ủy ban nhân dân tỉnh Phú Thọ",
                "Chủ tịch Ủy ban nhân dân xã:",
                "Đảng ủy xã",
                SENTENCE,
                "0210 3846 100",
            ]
        )
    assert result == {
        "Thủ tục hành chính": "Administrative procedure",
        "Uỷ ban nhân dân xã Sơn Hùng": "People's Committee of Son Hung Commune",  # old tone placement too
        "Văn phòng Ủy ban nhân dân tỉnh Phú Thọ": "Office of the People's Committee of Phu Tho Province",
        "Chủ tịch Ủy ban nhân dân xã:": "Chairman of the Commune People's Committee:",
        "Đảng ủy xã": "Commune Party Committee",
        "0210 3846 100": "0210 3846 100",  # no words: the same in English
    }  # the ordinary sentence is left for the editor, not pre-filled half in Vietnamese


def test_province_it_edits_the_glossary_in_the_console_and_the_translator_uses_it(client, commune):
    with schema_context("public"):
        staff = get_user_model().objects.create_user("sotttt_it", password="x", is_staff=True)
    verified_login(client, staff)  # console accounts pass their second factor
    url = reverse("localization_console:glossary", urlconf="config.urls_public")
    response = client.post(url, {"vi": "Nhà văn hóa", "en": "Cultural house"}, HTTP_HOST=settings.PLATFORM_HOST)
    assert response.status_code == 302
    duplicate = client.post(url, {"vi": "nhà  văn hoá", "en": "Other"}, HTTP_HOST=settings.PLATFORM_HOST)
    assert duplicate.status_code == 400 and "đã có trong bảng" in duplicate.content.decode()
    with schema_context("public"):
        assert list(GlossaryTerm.objects.filter(en__in=["Cultural house", "Other"]).values_list("en", flat=True)) == [
            "Cultural house"
        ]
    with tenant_context(commune):
        assert prefill(["Nhà văn hóa thôn Đồng Tâm"]) == {
            "Nhà văn hóa thôn Đồng Tâm": "Cultural house of Dong Tam Village"
        }


def test_console_glossary_is_for_staff_only(client, db):
    url = reverse("localization_console:glossary", urlconf="config.urls_public")
    response = client.get(url, HTTP_HOST=settings.PLATFORM_HOST)
    assert response.status_code == 302 and "dang-nhap" in response["Location"]
    response = client.post(url, {"vi": "Thử", "en": "Try"}, HTTP_HOST=settings.PLATFORM_HOST)
    with schema_context("public"):
        assert not GlossaryTerm.objects.filter(vi="Thử").exists()


def test_translation_memory_hit_from_another_tenants_translation(client, make_tenant, province):
    a = make_tenant("huyena", kind="district", parent=province)
    b = make_tenant("huyenb", kind="district", parent=province, admin_username="quantri", admin_password="Mk-2026!")
    page_a = add_page(a, "Dân số", "dan-so", f"<p>{SENTENCE}</p>")
    translate(a, page_a.pk, {SENTENCE: SENTENCE_EN, "Dân số": "Population"})
    with schema_context("public"):
        remembered = TranslationMemory.objects.get(source_text=SENTENCE)
        assert remembered.target_text == SENTENCE_EN and remembered.source_tenant == a

    # Tenant B starts an English translation of a page with the same sentence (as the admin does).
    page_b = add_page(b, "Dân cư", "dan-cu", f"<p>{SENTENCE}</p><p>Một câu chưa ai dịch.</p>")
    with tenant_context(b):
        source, _ = TranslationSource.get_or_create_from_instance(page_b)
        translation = Translation.objects.create(source=source, target_locale=locales()[1])
        source.create_or_update_translation(locales()[1], publish=False, copy_parent_pages=True, fallback=True)
        client.force_login(get_user_model().objects.get(username="quantri"))
    response = client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk]), HTTP_HOST=b.primary_hostname
    )
    assert response.status_code == 302
    with tenant_context(b):
        filled = {t.translation_of.data: t for t in StringTranslation.objects.filter(locale=locales()[1])}
        english = page_b.get_translation(locales()[1])
    assert filled[SENTENCE].data == SENTENCE_EN
    assert filled[SENTENCE].translation_type == "machine"  # a pre-fill, marked for review
    assert "Một câu chưa ai dịch." not in filled  # nothing invented for the unknown sentence
    assert not english.live  # editors review and publish; the plugin never does


def test_no_network_call_without_an_engine_configured(monkeypatch, commune):
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    texts = ["Một câu không có trong bộ nhớ dịch.", "Thủ tục hành chính"]
    with tenant_context(commune):
        assert settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR["OPTIONS"]["LIBRETRANSLATE_URL"] == ""
        result = prefill(texts, settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR["OPTIONS"])
        assert result == {"Thủ tục hành chính": "Administrative procedure"}
        assert attempts == []
        # Control: once an engine is configured, the remaining text is sent (here: the attempt is
        # refused) and the editor still gets what the memory and glossary know — no error.
        result = prefill(texts, {"LIBRETRANSLATE_URL": "http://127.0.0.1:9", "TIMEOUT": 1})
        assert result == {"Thủ tục hành chính": "Administrative procedure"}
        assert attempts and attempts[0][1] == 9


def test_invalid_translations_are_not_remembered(commune):
    page = add_page(commune, "Tin tức", "tin-tuc", "<p>Một câu để thử.</p>")
    with tenant_context(commune):
        source, _ = TranslationSource.get_or_create_from_instance(page)
        segment = source.stringsegment_set.get(string__data="Một câu để thử.")
        StringTranslation.objects.create(
            translation_of=segment.string,
            context=segment.context,
            locale=locales()[1],
            data="<div>block tag</div>",
            translation_type="manual",
        )
    with schema_context("public"):
        assert not TranslationMemory.objects.filter(source_text="Một câu để thử.").exists()


def test_tm_harvest_backfills_the_memory_from_every_tenant(commune, district):
    page = add_page(commune, "Giới thiệu chung", "gioi-thieu-chung", f"<p>{SENTENCE}</p>")
    translate(commune, page.pk, {SENTENCE: SENTENCE_EN})
    with schema_context("public"):
        TranslationMemory.objects.all().delete()
    call_command("tm_harvest", "--no-progress")
    with schema_context("public"):
        assert TranslationMemory.objects.get(source_text=SENTENCE).source_tenant == commune
    assert memory.lookup([SENTENCE, "khác"], "vi", "en") == {SENTENCE: SENTENCE_EN}


def test_home_page_translation_prefills_names_from_the_glossary(commune):
    home = home_page(commune)
    english = translate(commune, home.pk, {}, ProvinceMemoryTranslator({}))
    assert english.title == "Son Hung Commune" and english.live
    with tenant_context(commune):
        assert english.locale.language_code == "en"
