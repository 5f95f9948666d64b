"""Template tags of the participation includes (visitor counter, footer links)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from wagtail.models import Locale

from ..models import QuestionIndexPage
from ..services.visitors import visitor_stats as _visitor_stats

register = template.Library()


@register.simple_tag
def visitor_stats():
    """The site's visitor figures, or None when not available (the template says so)."""
    return _visitor_stats()


@register.simple_tag(takes_context=True)
def participation_links(context) -> dict:
    request = context.get("request")
    pages = QuestionIndexPage.objects.live()
    question_page = pages.filter(locale=Locale.get_active()).first() or pages.first()
    return {
        "question_url": question_page.get_url(request) if question_page else "",
        "rating_url": reverse("participation:rate"),
    }
