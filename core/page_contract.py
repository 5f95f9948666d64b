"""The page contract: what every public page of the portal says about itself.

:class:`SearchDocument` is what a page gives the province-wide search (its kind, text, date and
metadata); :class:`Citation` is how another app shows the page when it cites it (a Q&A answer citing
a legal document: number, date, issuing body, summary, link), read through :func:`citation_of` (or
:func:`citations_of` for a list: its pages' specific objects fetched together);
:class:`PortalPageMixin` is the one page mixin of the content apps: the search document
built from a few overridable parts, the English duty (D1), Dublin Core metadata (D26), the print
view (D17) and revisions stored in NFC (D21).

Why here: ``sites`` and ``participation`` are independent feature apps whose pages share this
contract, and ``search`` consumes it without importing either of them, so it lives on the ground
floor below all three. It is a plain mixin over Wagtail's ``Page`` API (no model, no table, nothing
from a project app), so pages keep their app labels and migrations.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.text import Truncator

from .kinds import KINDS, Kind
from .text import ascii_slug, normalize_with_children


def publication_day(page: Any) -> date | None:
    """The calendar day ``page`` was last (else first) published, in the site's time zone
    (``TIME_ZONE``, Asia/Ho_Chi_Minh): 06:30 in Hà Nội is still that day, not the day before in UTC."""
    when = getattr(page, "last_published_at", None) or getattr(page, "first_published_at", None)
    return timezone.localdate(when, timezone.get_default_timezone()) if when else None


@dataclass(frozen=True)
class SearchDocument:
    """A page as the province-wide search sees it (text is cleaned and cut to size by the indexer)."""

    kind: str
    title: str
    summary: str = ""
    body: str = ""
    date: date | datetime | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    attachments: str = ""  # text read from the page's attached files (found, and marked as found there)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Unknown content kind {self.kind!r}; the kinds are listed in core.kinds.")
        object.__setattr__(self, "kind", str(Kind(self.kind)))


@dataclass(frozen=True)
class Citation:
    """A page as another page cites it: what a reader needs to recognise it and the link to it."""

    title: str
    url: str
    number: str = ""
    date: date | datetime | None = None
    issuer: str = ""
    summary: str = ""


def citation_of(page: Any) -> Citation | None:
    """How ``page`` (any Wagtail page, of any app) is shown where it is cited; ``None`` when it may not
    be shown to the public (not live, or kept out of public view such as a withdrawn document)."""
    return citations_of([page])[0]


def citations_of(pages: Iterable[Any]) -> list[Citation | None]:
    """``citation_of`` of each page, in the same order, for as many queries whatever their number: the
    specific objects of the live pages that are not yet specific in one query per page type, and the
    relations a type's citation reads (its ``citation_related``) in one query per relation."""
    from wagtail.models import Page

    pages = [page if page is not None and getattr(page, "live", False) else None for page in pages]
    generic = [page.pk for page in pages if page is not None and type(page) is not page.specific_class]
    fetched = {page.pk: page for page in Page.objects.filter(pk__in=generic).specific()} if generic else {}
    pages = [fetched.get(page.pk, page) if page is not None else None for page in pages]
    by_type: dict[type, list[Any]] = defaultdict(list)
    for page in pages:
        if page is not None:
            by_type[type(page)].append(page)
    for page_type, same in by_type.items():
        if related := getattr(page_type, "citation_related", ()):
            prefetch_related_objects(same, *related)
    return [_citation(page) if page is not None else None for page in pages]


def _citation(page: Any) -> Citation | None:
    cite = getattr(page, "citation", None)
    if cite is None:  # a page outside the contract: its title and address only
        return Citation(title=page.title, url=page.url or "")
    return cite()


class PortalPageMixin:
    """Common behaviour of the portal's public pages; mix in before ``Page`` (or a Page subclass).

    A page type sets ``search_kind`` and overrides the parts it knows better (``summary_text``,
    ``body_text``, ``attachment_text``, ``display_date``, ``search_meta``, ``is_publicly_findable``, ``dc_*``).
    """

    search_kind: str = Kind.PAGE
    english_duty: str | None = None
    citation_related: tuple[str, ...] = ()  # relations ``citation()`` reads, fetched at once for a list

    # --- English duties (D1) ----------------------------------------------------------------
    def requires_english(self) -> bool:
        return bool(self.english_duty)

    # --- ASCII addresses: a slug made from a title has no diacritics ("le-hoi-dinh-lang") ------
    def _set_core_field_defaults(self):
        # Wagtail's own default slug (in this method) slugifies with Django's rule, which drops "đ"
        # ("đình" → "inh"); ours folds Vietnamese first and then lets Wagtail de-duplicate it.
        parent_is_known = bool(self.path or getattr(self, "_cached_parent_obj", None))
        if not self.slug and parent_is_known and (base := ascii_slug(self.title)):
            self.slug = self._get_autogenerated_slug(base)
        super()._set_core_field_defaults()

    # --- D21: revisions are stored in NFC too --------------------------------------------
    def save_revision(self, *args, **kwargs):
        normalize_with_children(self)
        return super().save_revision(*args, **kwargs)

    # --- what the page says about itself -------------------------------------------------
    def summary_text(self) -> str:
        return self.search_description or ""

    def body_text(self) -> str:
        return ""

    def attachment_text(self) -> str:
        return ""

    def display_date(self) -> date | datetime | None:
        return self.first_published_at

    def search_meta(self) -> dict[str, Any]:
        return {}

    def is_publicly_findable(self) -> bool:
        return True

    # --- the search document ------------------------------------------------------------------
    def search_document(self) -> SearchDocument | None:
        """What the province-wide search stores for this page, or ``None`` to keep it out."""
        if not self.is_publicly_findable():
            return None
        return SearchDocument(
            kind=self.search_kind,
            title=self.title,
            summary=self.summary_text(),
            body=self.body_text(),
            date=self.display_date(),
            meta=self.search_meta(),
            attachments=self.attachment_text(),
        )

    # --- cited by another page (a Q&A answer citing a legal document) -------------------------
    def citation(self) -> Citation | None:
        """The page as it is cited: its number (``doc_number``) and issuing body (``issuing_body``)
        come from ``search_meta``, its date from ``display_date``, its summary from ``summary_text``."""
        if not self.is_publicly_findable():
            return None
        meta = self.search_meta()
        return Citation(
            title=self.title,
            url=self.url or "",
            number=meta.get("doc_number", ""),
            date=self.display_date(),
            issuer=meta.get("issuing_body", ""),
            summary=self.summary_text(),
        )

    # --- D26: Dublin Core -------------------------------------------------------------------
    def dc_date(self) -> date | None:
        """``DC.date``: the day of the last publication in Vietnam's time zone; a page with a date
        of its own (a legal document's issue date) overrides it."""
        return publication_day(self)

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
