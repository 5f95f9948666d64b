"""What a page looks like to the province-wide search: the ``search_document()`` contract.

A page model that defines ``search_document()`` (the page contract, ``core.page_contract``) decides
its own kind, text and metadata as a :class:`~core.page_contract.SearchDocument` (or returns ``None``
to stay out of search, e.g. a withdrawn legal document). Any other live page gets a generic
document built from its title, search description and its text fields, so every page is findable
without the search app knowing the content types. Only live, public (no view restriction on it or
an ancestor), routable pages are indexed.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags

from core.kinds import Kind
from core.page_contract import SearchDocument
from core.siteurl import site_origin

BODY_LIMIT = 100_000  # characters of body text kept per entry
ATTACHMENT_LIMIT = 200_000  # characters of attached files' text kept per entry
META_TEXT_KEYS = {
    "doc_number": 100,
    "doc_type": 100,
    "issuing_body": 255,
    "doc_status": 50,
    "service_code": 100,
    "service_sector": 255,
    "service_level": 50,
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


def group_key(kind: str, service_code: str, language: str) -> str:
    """The key shared by the entries of one procedure offered by many sites: a public service's national
    procedure code, per language; "" (never grouped) for anything else or a service without a code. Migration
    0008 fills existing rows with the same rule in SQL."""
    code = clean_text(service_code, 100)
    if kind != Kind.SERVICE or not code:
        return ""
    return f"{language}:{code}"


def clean_text(value: object, limit: int | None = None) -> str:
    """Plain NFC text: HTML tags stripped, entities decoded, control characters and runs of spaces removed."""
    text = "" if value is None else str(value)
    if "<" in text or "&" in text:
        text = html.unescape(strip_tags(text))
    text = _SPACES.sub(" ", _CONTROL.sub(" ", unicodedata.normalize("NFC", text))).strip()
    return text[:limit] if limit else text


@dataclass
class IndexDocument:
    """An aggregate entry's content, before it is written."""

    kind: str
    title: str
    summary: str
    body: str
    date: datetime
    language: str
    url: str
    first_published_at: datetime | None
    last_published_at: datetime | None
    meta: dict = field(default_factory=dict)
    attachment: str = ""

    def entry_fields(self) -> dict:
        fields = {
            "kind": self.kind,
            "title": self.title,
            "summary": self.summary,
            "body": self.body,
            "attachment": self.attachment,
            "url": self.url,
            "date": self.date,
            "year": timezone.localtime(self.date).year,
            "language": self.language,
            "first_published_at": self.first_published_at,
            "last_published_at": self.last_published_at,
            "meta": self.meta,
        }
        for key, limit in META_TEXT_KEYS.items():
            fields[key] = clean_text(self.meta.get(key, ""), limit)
        fields["group_key"] = group_key(self.kind, fields["service_code"], self.language)
        return fields


def as_datetime(value: date | datetime | None) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(8, 0))
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def json_safe(value):
    """Meta values as JSON: dates become ISO strings, unknown objects their text."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [json_safe(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float):
        return value
    return clean_text(value, 2000)


def is_public(page) -> bool:
    """Live, not expired, and no view restriction (password, login, groups) on the page or above it."""
    return bool(page.live and not page.expired and not page.get_view_restrictions().exists())


def generic_document(page) -> SearchDocument:
    """A document for pages without ``search_document()``: their title, description and text fields."""
    texts = []
    seen = {"title", "search_description", "seo_title", "slug"}
    for search_field in page.get_search_fields():
        name = getattr(search_field, "field_name", "")
        if type(search_field).__name__ == "SearchField" and name not in seen:
            seen.add(name)
            texts.extend(_field_texts(page, name))
    for model_field in type(page)._meta.get_fields():
        concrete = getattr(model_field, "concrete", False)
        if concrete and model_field.name not in seen and _is_text_field(model_field):
            seen.add(model_field.name)
            texts.extend(_field_texts(page, model_field.name))
    return SearchDocument(
        kind=Kind.PAGE,
        title=page.title,
        summary=page.search_description or "",
        body=" ".join(texts),
        date=page.first_published_at,
    )


def _is_text_field(model_field) -> bool:
    from wagtail.fields import RichTextField, StreamField

    if model_field.model._meta.app_label == "wagtailcore":  # Page's own bookkeeping fields
        return False
    return isinstance(model_field, RichTextField | StreamField | models.TextField)


def _field_texts(page, name: str) -> list[str]:
    value = getattr(page, name, None)
    if value is None or callable(value):
        return []
    try:
        model_field = page._meta.get_field(name)
    except Exception:  # a property listed in search_fields
        return [clean_text(value)]
    searchable = getattr(model_field, "get_searchable_content", None)
    if searchable is not None:
        return [clean_text(text) for text in searchable(value)]
    return [clean_text(value)]


def page_document(page, base_url: str) -> IndexDocument | None:
    """The entry for a (specific) page, or None when it must not be publicly findable."""
    if not is_public(page):
        return None
    url_parts = page.get_url_parts()
    if url_parts is None:  # not under any site root: not reachable by citizens
        return None
    contract = getattr(page, "search_document", None)
    document = contract() if callable(contract) else generic_document(page)
    if document is None:
        return None
    if not isinstance(document, SearchDocument):
        raise TypeError(f"{type(page).__name__}.search_document() must return a SearchDocument or None.")
    title = clean_text(document.title or page.title, 1000)
    when = as_datetime(document.date) or page.first_published_at or page.last_published_at or timezone.now()
    return IndexDocument(
        kind=document.kind,
        title=title,
        summary=clean_text(document.summary, 5000),
        body=clean_text(document.body, BODY_LIMIT),
        date=when,
        language=(page.locale.language_code or settings.LANGUAGE_CODE).split("-")[0][:8],
        url=base_url + url_parts[2],
        first_published_at=page.first_published_at,
        last_published_at=page.last_published_at,
        meta=json_safe(document.meta or {}),
        attachment=clean_text(document.attachments, ATTACHMENT_LIMIT),
    )


def tenant_base_url(hostname: str) -> str:
    """Root URL of a site on its primary domain, without the trailing slash (rule: ``core.siteurl``)."""
    return site_origin(hostname)
