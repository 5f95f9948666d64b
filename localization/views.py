"""Public views of the localization layer: the "not translated yet" notice of a page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, Site

from .services.alternates import content_languages

# Per missing language: (heading, what to do instead) — shown in every content language.
NOTICES = {
    "en": (_("Trang này chưa có bản tiếng Anh"), _("Mời bạn đọc bản tiếng Việt của trang:")),
    "vi": (_("Trang này chưa có bản tiếng Việt"), _("Mời bạn đọc bản tiếng Anh của trang:")),
}
HOME_LINK = _("Trang chủ")


def untranslated(request: HttpRequest, page_id: int) -> HttpResponse:
    """The same page in the active language does not exist (yet): say so, in every language,
    and link to the version that does exist. A translation published meanwhile is redirected to."""
    language = translation.get_language()
    page = Page.objects.live().public().filter(pk=page_id).select_related("locale").first()
    locale = Locale.objects.filter(language_code=language).first()
    if page is not None and locale is not None:
        translated = page.get_translation_or_none(locale)
        if translated is not None and translated.live:
            return redirect(translated.get_url(request))
    return untranslated_response(request, page, language)


def untranslated_response(request: HttpRequest, page: Page | None, language: str) -> HttpResponse:
    site = Site.find_for_request(request)
    home = site.root_page.localized if site else None
    notices = []
    heading, hint = NOTICES.get(language, NOTICES["en"])
    for code, _name in content_languages():
        with translation.override(code):
            notices.append({"code": code, "heading": str(heading), "hint": str(hint), "home": str(HOME_LINK)})
    context = {
        "page_found": page,
        "page_url": page.get_url(request) if page is not None else "",
        "notices": notices,
        "home_url": home.get_url(request) if home is not None and home.live else "/",
        "tenant": getattr(request, "tenant", None),
    }
    response = render(request, "localization/untranslated.html", context, status=404)
    response["X-Robots-Tag"] = "noindex"
    return response
