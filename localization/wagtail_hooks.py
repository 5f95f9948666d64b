"""Wagtail hooks: a page asked for in a language it does not exist in gets the notice, not the
page in another language under the wrong URL (e.g. /en/ while the site has no English home page)."""

from django.utils import translation
from wagtail import hooks

from .services.alternates import content_languages
from .views import untranslated_response


@hooks.register("before_serve_page")
def serve_only_in_own_language(page, request, serve_args, serve_kwargs):
    language = translation.get_language()
    if language in dict(content_languages()) and page.locale.language_code != language:
        return untranslated_response(request, page, language)
    return None
