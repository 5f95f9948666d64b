"""Template tags of the language switcher and the hreflang alternates."""

from django import template
from django.utils import translation

from ..services.alternates import alternates, language_links

register = template.Library()


@register.simple_tag(takes_context=True)
def page_alternates(context) -> list[tuple[str, str]]:
    page = context.get("page")
    if page is None or not getattr(page, "pk", None):
        return []
    return alternates(page, context.get("request"))


@register.simple_tag(takes_context=True)
def page_language_links(context):
    return language_links(context.get("request"), context.get("page"))


@register.simple_tag(takes_context=True)
def site_name(context) -> str:
    """The site's name in the page's language: ``name_en`` on English pages (when set)."""
    tenant = getattr(context.get("request"), "tenant", None)
    if tenant is None:
        return ""
    page = context.get("page")
    language = page.locale.language_code if getattr(page, "locale_id", None) else translation.get_language()
    return (tenant.name_en or tenant.name) if language == "en" else tenant.name
