"""Wagtail hooks: a page asked for in a language it does not exist in gets the notice, not the
page in another language under the wrong URL (e.g. /en/ while the site has no English home page)."""

from django.utils import translation
from wagtail import hooks
from wagtail.models import Locale

from .services.alternates import content_languages
from .views import untranslated_response


@hooks.register("before_serve_page")
def serve_only_in_own_language(page, request, serve_args, serve_kwargs):
    language = translation.get_language()
    if language in dict(content_languages()) and not _in_language(page, language):
        return untranslated_response(request, page, language)
    return None


def _in_language(page, language: str) -> bool:
    """Whether ``page`` is in ``language``: compared by id with the request's Locale of that language
    (asked once per request, ``core.requestmemo``) rather than by loading the page's own Locale,
    which the page then carries."""
    try:
        locale = Locale.objects.get_for_language(language)
    except (Locale.DoesNotExist, LookupError):
        return page.locale.language_code == language
    if page.locale_id != locale.pk:
        return False
    if not type(page).locale.is_cached(page):
        type(page).locale.field.set_cached_value(page, locale)  # the templates ask for it too
    return True
