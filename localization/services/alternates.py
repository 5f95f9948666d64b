"""The same page in every content language: URLs for the language switcher, hreflang and the sitemap."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Page


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # the language's own name ("Tiếng Việt", "English")
    url: str
    current: bool
    available: bool  # False: the URL is the "not translated yet" notice


def content_languages() -> list[tuple[str, str]]:
    return list(settings.WAGTAIL_CONTENT_LANGUAGES)


def live_translations(pages: Iterable[Page]) -> dict[UUID, dict[str, Page]]:
    """translation_key → {language code → live, public page}, in one query for a batch of pages."""
    keys = {page.translation_key for page in pages}
    found: dict[UUID, dict[str, Page]] = defaultdict(dict)
    if not keys:
        return found
    for page in Page.objects.live().public().filter(translation_key__in=keys).select_related("locale"):
        found[page.translation_key][page.locale.language_code] = page
    return found


def _translations_of(page: Page) -> dict[str, Page]:
    """``live_translations`` of one page, looked up once per page object (the language switcher
    and the hreflang links of the same render ask for the same page)."""
    found = page.__dict__.get("_live_translations")
    if found is None:
        found = page.__dict__["_live_translations"] = live_translations([page]).get(page.translation_key, {})
    return found


def alternates(
    page: Page, request: HttpRequest | None = None, translations: dict[str, Page] | None = None
) -> list[tuple[str, str]]:
    """[(hreflang, absolute URL)] of a page available in more than one language, plus x-default
    (the default language's version); [] when the page exists in one language only."""
    if translations is None:
        translations = _translations_of(page)
    if len(translations) < 2:
        return []
    result = []
    for code, _name in content_languages():
        if code in translations and (url := translations[code].get_full_url(request)):
            result.append((code, url))
    default = translations.get(settings.LANGUAGE_CODE)
    if default is not None and (url := default.get_full_url(request)):
        result.append(("x-default", url))
    return result


def untranslated_notice_url(page: Page, language_code: str) -> str:
    with translation.override(language_code):
        return reverse("localization:untranslated", args=[page.pk])


def language_links(request: HttpRequest, page: Page | None) -> list[LanguageLink]:
    """One link per content language: the same page in that language, the notice page when it has
    not been translated yet, or (outside Wagtail pages) the same path under that language's prefix."""
    links = []
    if page is None or not getattr(page, "pk", None):
        current = translation.get_language()
        for code, name in content_languages():
            url = translate_url(request.get_full_path(), code) if request is not None else "/"
            links.append(LanguageLink(code, name, url, code == current, True))
        return links
    translations = _translations_of(page)
    for code, name in content_languages():
        if code == page.locale.language_code:
            links.append(LanguageLink(code, name, page.get_url(request) or "", True, True))
        elif code in translations:
            links.append(LanguageLink(code, name, translations[code].get_url(request) or "", False, True))
        else:
            links.append(LanguageLink(code, name, untranslated_notice_url(page, code), False, False))
    return links
