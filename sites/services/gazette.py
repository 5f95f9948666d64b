"""Công báo (D6): the issues shown on the gazette page, each with the live documents published in it."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from ..models.gazette import GazetteIssue, GazettePage
from ..models.legal import DocumentStatus, LegalDocumentPage


def issue_documents(locale) -> QuerySet[LegalDocumentPage]:
    """Live, public, not withdrawn documents of ``locale``, in the order they appear in an issue."""
    return (
        LegalDocumentPage.objects.live()
        .public()
        .filter(locale=locale)
        .exclude(status=DocumentStatus.WITHDRAWN)
        .select_related("doc_type", "issuing_body")
        .order_by("gazette_page_from", "issue_date", "number", "pk")
    )


def gazette_issues(page: GazettePage, year: int | None = None) -> QuerySet[GazetteIssue]:
    """The issues of the gazette, newest first (of ``year`` when given), with their documents prefetched
    as ``issue.listed``; issues without a public document are listed too (an issue exists once recorded)."""
    issues = GazetteIssue.objects.all()
    if year:
        issues = issues.filter(year=year)
    return issues.prefetch_related(Prefetch("documents", queryset=issue_documents(page.locale), to_attr="listed"))


def gazette_years() -> list[int]:
    """The years that have an issue, newest first (the page's year filter)."""
    return list(GazetteIssue.objects.order_by("-year").values_list("year", flat=True).distinct())
