"""Template tags of the participation includes (footer links; the visitor figures come from
``/api/v1/visitors``, see ``views/visitors.py``) and of the home page's blocks of the project layer
(``templates/includes/home_consultations.html``, ``home_questions.html``): the sites app's home page
shows consultations and answers through these tags, never by importing this app."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale, Page

from pagecache.fragments import site_fragment

from ..models import ConsultationIndexPage, ConsultationPage, Question, QuestionIndexPage

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


def _trees(home: Page) -> list[Page]:
    """Where a home's block looks: its own tree, then (a translated home) the source language's."""
    trees = [home]
    if home.locale_id and home.locale.language_code != settings.LANGUAGE_CODE:
        source = home.get_translations().filter(locale__language_code=settings.LANGUAGE_CODE).first()
        trees += [source] if source is not None else []
    return trees


@register.simple_tag(takes_context=True)
def open_consultations(context, home: Page, limit: int = 3) -> dict:
    """The drafts open for comments now under ``home`` (the soonest deadline first, one query) and
    the consultations page; ``{"items": [], ...}`` when none is open."""
    request = context.get("request")
    now = timezone.now()
    for tree in _trees(home):
        drafts = list(
            ConsultationPage.objects.live()
            .public()
            .descendant_of(tree)
            .filter(open_at__lte=now, close_at__gt=now)
            .order_by("close_at")[: max(int(limit or 3), 1)]
        )
        index = ConsultationIndexPage.objects.live().public().descendant_of(tree).first()
        if drafts or index is not None:
            items = [{"title": d.title, "url": d.get_url(request), "close_at": d.close_at} for d in drafts]
            return {"items": items, "index_url": index.get_url(request) if index else ""}
    return {"items": [], "index_url": ""}


@register.simple_tag(takes_context=True)
def answered_questions(context, home: Page, limit: int = 5) -> dict:
    """The newest published answers under ``home`` (one query, with their Q&A page) and the Q&A page."""
    request = context.get("request")
    for tree in _trees(home):
        pages = QuestionIndexPage.objects.live().public().descendant_of(tree)
        questions = list(
            Question.objects.public()
            .filter(page__in=pages)
            .select_related("page")
            .order_by("-answered_at", "-pk")[: max(int(limit or 5), 1)]
        )
        index = questions[0].page if questions else pages.first()
        if index is not None:
            items = [
                {
                    "title": q.title,
                    "topic": q.topic,
                    "answered_at": q.answered_at,
                    "url": (q.page.get_url(request) or "") + q.page.reverse_subpage("detail", args=[q.pk]),
                }
                for q in questions
            ]
            return {"items": items, "index_url": index.get_url(request) or ""}
    return {"items": [], "index_url": ""}
