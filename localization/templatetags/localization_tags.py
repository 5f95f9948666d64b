"""Template tags of the language switcher and the hreflang alternates."""
from django import template

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
