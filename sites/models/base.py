"""Abstract base of every public page type: search document (shared contract), English duty,
Dublin Core metadata (D26), print view (D17) and NFC revisions (D21)."""

from __future__ import annotations

from datetime import date, datetime
from html import unescape
from typing import Any

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.fields import StreamField
from wagtail.models import Page

from core.text import normalize_with_children

INDEX_PAGE_SIZE = 10


def plain_text(html: str | None) -> str:
    """Rich text → plain text (tags stripped, entities decoded, whitespace collapsed)."""
    return " ".join(unescape(strip_tags(html or "")).split())


def stream_text(page: Page, field_name: str) -> str:
    field = page._meta.get_field(field_name)
    value = getattr(page, field_name)
    if not isinstance(field, StreamField) or not value:
        return ""
    return plain_text(" ".join(str(part) for part in field.get_searchable_content(value)))


def paginate(request, items, per_page: int = INDEX_PAGE_SIZE):
    """The requested page of ``items`` (invalid or out-of-range numbers give the first/last page)."""
    paginator = Paginator(items, per_page)
    number = request.GET.get("page", 1)
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


class PortalPage(Page):
    """Common behaviour of the portal's pages (abstract: adds no table)."""

    search_kind = "page"
    english_duty: str | None = None

    class Meta:
        abstract = True

    # --- shared contract 2: English duties -------------------------------------------------
    def requires_english(self) -> bool:
        return bool(self.english_duty)

    # --- D21: revisions are stored in NFC too --------------------------------------------
    def save_revision(self, *args, **kwargs):
        normalize_with_children(self)
        return super().save_revision(*args, **kwargs)

    # --- what the page says about itself -------------------------------------------------
    def summary_text(self) -> str:
        return self.search_description or ""

    def body_text(self) -> str:
        return ""

    def display_date(self) -> date | datetime | None:
        return self.first_published_at

    def search_meta(self) -> dict[str, Any]:
        return {}

    def is_publicly_findable(self) -> bool:
        return True

    # --- shared contract 1: search document -----------------------------------------------
    def search_document(self) -> dict[str, Any] | None:
        if not self.is_publicly_findable():
            return None
        return {
            "kind": self.search_kind,
            "title": self.title,
            "summary": self.summary_text(),
            "body": self.body_text(),
            "date": self.display_date(),
            "meta": self.search_meta(),
        }

    # --- D26: Dublin Core -------------------------------------------------------------------
    def dc_subjects(self) -> list[str]:
        return []

    def dc_source(self) -> str:
        return ""

    def dc_publisher(self) -> str:
        return ""

    def meta_description(self) -> str:
        return Truncator(self.search_description or self.summary_text() or self.title).chars(300)

    # --- D17: print view ----------------------------------------------------------------------
    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["print_view"] = request.GET.get("print") == "1"
        return context
