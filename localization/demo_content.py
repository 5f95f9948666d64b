"""Demo: English versions of the legally required pages on most demo sites, through wagtail-localize.

Two sites are deliberately left without English and one is made stale (its Vietnamese source is
edited after the English translation was synced), so the coverage report shows every state. Runs
after the content steps of the other apps, so it picks up every live page with ``english_duty``.
"""
from __future__ import annotations

from django.conf import settings
from wagtail.models import Locale, Page, Site

from demo.loader import content_step
from demo.province import DemoSite
from tenants.models import Tenant

from .machine_translator import ProvinceMemoryTranslator
from .services.coverage import STALE, duty_page_models, english_status
from .services.translate import translate_page

LEAVE_UNTRANSLATED = {"sonvi", "vanban"}
MAKE_STALE = "tienluong"
STALE_NOTE = "Thông tin được cập nhật theo số liệu mới nhất của Ủy ban nhân dân xã."

ENGLISH_INTROS = {
    "phutho": "The e-portal of Phu Tho Province — land of the Hung Kings, gateway to the north-west of the capital.",
    "stttt": "A specialised agency of the Provincial People's Committee advising on state management of "
             "information and communications.",
    "thanhson": "A mountainous district in the south-west of Phu Tho Province, home to Xuan Son National Park.",
    "camkhe": "A midland district on the Thao River, known for tea growing and traditional craft villages.",
    "sonhung": "Son Hung Commune lies in the north of Thanh Son District, with 12 residential areas and more "
               "than 6,800 inhabitants.",
    "thucluyen": "Thuc Luyen Commune has the Thuc Luyen communal house relic and traditional festivals of the "
                 "Muong people.",
    "xuanson": "Xuan Son Commune lies in the core zone of Xuan Son National Park and develops community-based "
               "tourism.",
    "sonvi": "Son Vi Commune, where the Palaeolithic Son Vi culture was discovered.",
    "tienluong": "Tien Luong Commune has the Long Coc tea hills and traditional basket weaving.",
    "vanban": "Van Ban Commune develops hill-forest farming and concentrated livestock breeding.",
    "vietri": "Viet Tri Ward, the administrative centre of the province, directly under the province since "
              "the 2025 reorganisation.",
}


def _pages_to_translate(home: Page) -> list[Page]:
    """The home page plus every live Vietnamese page with an English duty, parents first."""
    source_locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    pages = [home]
    for model in duty_page_models():
        for page in model.objects.live().filter(locale=source_locale).order_by("path"):
            requires = getattr(page, "requires_english", None)
            if not callable(requires) or requires():
                pages.append(page)
    return sorted({page.pk: page for page in pages}.values(), key=lambda page: page.path)


@content_step(late=True)
def english_versions(tenant: Tenant, site: DemoSite) -> None:
    if site.slug in LEAVE_UNTRANSLATED:
        return
    english = Locale.objects.get(language_code="en")
    home = Site.objects.get(is_default_site=True).root_page.specific
    texts = {site.name: site.name_en, site.intro: ENGLISH_INTROS.get(site.slug, ""), "trang-chu": "home"}
    translator = ProvinceMemoryTranslator({})  # memory + glossary only: the demo sends nothing anywhere
    pages = _pages_to_translate(home)
    for page in pages:
        existing = page.get_translation_or_none(english)
        if existing is None or not existing.live:
            translate_page(page, "en", {k: v for k, v in texts.items() if v}, translator)
    if site.slug == MAKE_STALE:
        _make_stale(pages)


def _make_stale(pages: list[Page]) -> None:
    """Edit the Vietnamese source of the first required page (the home page until content types
    with English duties exist) after its English version was synced: the report shows it stale."""
    page = next((page for page in pages if getattr(page, "english_duty", None)), pages[0])
    if english_status(page).status == STALE:
        return
    page.search_description = STALE_NOTE
    page.save_revision().publish()
