"""Abstract base of the content app's page types (the page contract of ``core.page_contract``) and
the text helpers they share: rich text and StreamField as plain text, pagination of index pages."""

from __future__ import annotations

from html import unescape

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.html import strip_tags
from wagtail.fields import StreamField
from wagtail.models import Page

from core.page_contract import PortalPageMixin

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


class PortalPage(PortalPageMixin, Page):
    """Common behaviour of the portal's pages (abstract: adds no table); the contract itself is
    ``core.page_contract.PortalPageMixin``, shared with the pages of citizen interaction."""

    class Meta:
        abstract = True
