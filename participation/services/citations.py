"""The legal documents an answer cites: only pages of the type ``CITABLE_PAGE_TYPE`` (the legal register's
document page, named by its model string: the content app is not imported), shown to the public through
the page contract (``core.page_contract.citation_of``: number, issue date, issuing body, summary, link)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.page_contract import Citation, citations_of

from ..models import Question, QuestionCitation
from ..models.questions import CITABLE_PAGE_TYPE
from .questions import LifecycleError


def is_citable(page: Page | None) -> bool:
    return page is not None and page.specific_class is not None and page.specific_class._meta.label == CITABLE_PAGE_TYPE


def check_citable(pages: Iterable[Page | None]) -> None:
    """Raise LifecycleError unless every page is a legal document, each cited once."""
    seen: set[int] = set()
    for page in pages:
        if not is_citable(page):
            raise LifecycleError(
                _("“%(title)s” không phải là văn bản pháp luật; chỉ dẫn được văn bản trong mục Văn bản.")
                % {"title": page.title if page is not None else "—"},
                code="type",
            )
        if page.pk in seen:
            raise LifecycleError(_("Văn bản “%(title)s” đã được dẫn.") % {"title": page.title}, code="duplicate")
        seen.add(page.pk)


def cite(question: Question, pages: list[Page]) -> Question:
    """Make ``pages`` (in this order) the documents the answer cites; refused — nothing changed — when one
    is not a legal document."""
    check_citable(pages)
    with transaction.atomic():
        question.citations.all().delete()
        QuestionCitation.objects.bulk_create(
            [QuestionCitation(question=question, document=page, sort_order=n) for n, page in enumerate(pages)]
        )
    return question


def public_citations(question: Question) -> list[Citation]:
    """The cited documents a reader may see (live and not withdrawn), in the editor's order."""
    rows = question.citations.select_related("document").order_by("sort_order", "pk")
    return [citation for citation in citations_of(row.document for row in rows) if citation is not None]
