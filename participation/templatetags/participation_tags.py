"""Template tags of the participation includes (footer links; the visitor figures come from
``/api/v1/visitors``, see ``views/visitors.py``)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from pagecache.fragments import site_fragment

from ..models import QuestionIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def participation_links(context) -> dict:
    request = context.get("request")
    host = f"{request.scheme}://{request.get_host().lower()}" if request is not None else ""

    def build() -> str:
        pages = QuestionIndexPage.objects.live()
        question_page = pages.filter(locale=Locale.get_active()).first() or pages.first()
        return question_page.get_url(request) if question_page else ""

    return {
        "question_url": site_fragment(f"question-page:{host}:{translation.get_language()}", build),
        "rating_url": reverse("participation:rate"),
    }
