"""Activity reports (issue 14 item 7, D20), per site and per parent (the sum of its subtree), for a
month (``2026-07``), a quarter (``2026-Q3``), a half-year (``2026-H2``) or a year (``2026``):
publications by page type, legal documents posted on time / late / unknown (the same deadline rule as
the checks), questions received / answered / late. CSV with ``write_csv``, PDF with ``render_pdf`` (WeasyPrint,
DejaVu fonts for the Vietnamese diacritics); ``manage.py compliance report PATH --period 2026-Q3
--format csv|pdf``."""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context
from wagtail.models import Page

from participation.models import Question
from sites.models import LegalDocumentPage
from tenants.models import Tenant
from tenants.tree import primary_hostnames, subtree_sites
from workdays.deadlines import DeadlineKind, deadlines_for

from .checks.deadlines import posting_item
from .checks.interaction import questions_in_time
from .context import CheckContext
from .findings import LATE, ON_TIME, UNKNOWN


class PeriodError(ValueError):
    pass


def period_bounds(text: str) -> tuple[date, date]:
    """First and last day of ``2026``, ``2026-H1``, ``2026-Q3`` or ``2026-07``."""
    match = re.fullmatch(r"(\d{4})(?:-(?:(Q[1-4])|(H[12])|(\d{2})))?", text.strip().upper())
    if not match:
        raise PeriodError(f"Kỳ báo cáo “{text}” không hợp lệ (expected 2026, 2026-H1, 2026-Q3 or 2026-07).")
    year, quarter, half, month = match.groups()
    year = int(year)
    if quarter:
        first, months = 3 * (int(quarter[1]) - 1) + 1, 3
    elif half:
        first, months = 6 * (int(half[1]) - 1) + 1, 6
    elif month:
        first, months = int(month), 1
        if not 1 <= first <= 12:
            raise PeriodError(f"Tháng “{text}” không hợp lệ (no such month).")
    else:
        first, months = 1, 12
    start = date(year, first, 1)
    end_month = first + months
    end = date(year + (end_month > 12), (end_month - 1) % 12 + 1, 1) - timedelta(days=1)
    return start, end


@dataclass
class Activity:
    path: str
    name: str
    start: date
    end: date
    sites: int = 1
    publications: Counter = field(default_factory=Counter)  # page type (verbose name) → count
    documents: Counter = field(default_factory=Counter)  # on_time / late / unknown → count
    questions_received: int = 0
    questions_answered: int = 0
    questions_late: int = 0

    def add(self, other: Activity) -> None:
        self.publications.update(other.publications)
        self.documents.update(other.documents)
        self.questions_received += other.questions_received
        self.questions_answered += other.questions_answered
        self.questions_late += other.questions_late

    @property
    def publication_rows(self) -> list[tuple[str, int]]:
        """(page type, count), by type: what templates iterate (a Counter's ``items`` is a key there)."""
        return sorted(self.publications.items())

    def rows(self) -> list[tuple[str, str, int]]:
        rows = [("publications", kind, count) for kind, count in self.publication_rows]
        rows += [("documents", status, self.documents[status]) for status in (ON_TIME, LATE, UNKNOWN)]
        rows += [
            ("questions", "received", self.questions_received),
            ("questions", "answered", self.questions_answered),
            ("questions", "late", self.questions_late),
        ]
        return rows


def _aware(day: date, end: bool = False) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1) if end else day, time.min))


def site_activity(tenant: Tenant, start: date, end: date) -> Activity:
    """One site's figures for the period (items first published / questions received within it)."""
    activity = Activity(tenant.path, tenant.name, start, end)
    low, high = _aware(start), _aware(end, end=True)
    hostname = primary_hostnames([tenant]).get(tenant.pk, "")
    with tenant_context(tenant), translation.override("vi"):
        ctx = CheckContext(tenant=tenant, today=end, now=high, deadlines=deadlines_for(tenant), hostname=hostname)
        pages = Page.objects.live().filter(first_published_at__gte=low, first_published_at__lt=high, depth__gt=2)
        for page in pages.select_related("content_type"):
            activity.publications[str(page.content_type.model_class()._meta.verbose_name)] += 1
        documents = LegalDocumentPage.objects.live().filter(
            first_published_at__gte=low, first_published_at__lt=high, is_draft=False
        )
        for page in documents:
            start_day = page.posting_request_date or page.issue_date
            activity.documents[posting_item(ctx, page, DeadlineKind.DOCUMENT, start_day).status] += 1
        received = Question.objects.filter(received_at__gte=low, received_at__lt=high)
        activity.questions_received = received.count()
        activity.questions_answered = received.filter(status=Question.Status.ANSWERED, answered_at__lt=high).count()
        ids = {f"participation.question:{pk}" for pk in received.values_list("pk", flat=True)}
        activity.questions_late = sum(
            1 for item in questions_in_time(ctx).evidence if item.status == LATE and item.object in ids
        )
    return activity


def subtree_activity(tenant: Tenant, start: date, end: date) -> Activity:
    """The sum over ``tenant`` and every site beneath it (a parent, or the province at the root)."""
    with schema_context(get_public_schema_name()):
        sites = list(subtree_sites(tenant).order_by("path"))
    total = Activity(tenant.path, tenant.name, start, end, sites=len(sites))
    for site in sites:
        total.add(site_activity(site, start, end))
    return total


def write_csv(activity: Activity, out) -> None:
    writer = csv.writer(out)
    writer.writerow(["site", "period_start", "period_end", "sites", "section", "item", "count"])
    for section, item, count in activity.rows():
        writer.writerow(
            [activity.path, activity.start.isoformat(), activity.end.isoformat(), activity.sites, section, item, count]
        )


def render_pdf(activity: Activity) -> bytes:
    """The report as an A4 PDF (the same figures as the printable page), text in Vietnamese."""
    from weasyprint import HTML  # imported here: it loads Pango, which only reports need

    with translation.override("vi"):
        html = render_to_string("compliance/report_pdf.html", {"activity": activity})
    return HTML(string=html).write_pdf()
