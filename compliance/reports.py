"""Activity reports (issue 14 item 7, D20), per site and per parent (the sum of its subtree), for a
month (``2026-07``), a quarter (``2026-Q3``), a half-year (``2026-H2``) or a year (``2026``):
publications by page type and by section, legal documents posted on time / late / unknown (the same
deadline rule as the checks), questions received / answered / late, consultations and their comments,
public-service dossier results, visits, citizens' ratings, English coverage (as of the report, not of
the period: coverage has no history) and items published per person and per supplying unit (the page's
contributors — author, photographer, translator; supplying unit — or its owner when it records none). CSV with ``write_csv``, PDF with ``render_pdf`` (WeasyPrint,
DejaVu fonts for the Vietnamese diacritics); ``manage.py compliance report PATH --period 2026-Q3
--format csv|pdf``."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context
from wagtail.models import Page

from contributors.models import Contributor, Role
from core.periods import PeriodError, period_bounds  # noqa: F401 (the one parser; its callers import it here)
from localization.services.coverage import OK as EN_OK
from localization.services.coverage import STATUS_LABELS as EN_STATUS_LABELS
from localization.services.coverage import current_tenant_items
from participation.models import ConsultationComment, ConsultationPage, Question, SiteRating, VisitDay
from participation.models.ratings import CRITERIA
from sites.models import DossierStatistics, LegalDocumentPage
from tenants.models import Tenant
from tenants.tree import primary_hostnames, subtree_sites
from workdays.deadlines import DeadlineKind, deadlines_for

from .checks.deadlines import posting_item
from .checks.interaction import questions_in_time
from .context import CheckContext
from .findings import LATE, ON_TIME, UNKNOWN


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
    sections: Counter = field(default_factory=Counter)  # top-level section title → items published in it
    consultations: Counter = field(default_factory=Counter)  # opened / closed → drafts put to consultation
    comments: Counter = field(default_factory=Counter)  # received / published → citizens' comments
    dossiers: Counter = field(default_factory=Counter)  # received / processed / on_time / late
    visits: int = 0
    ratings: int = 0
    rating_totals: Counter = field(default_factory=Counter)  # criterion → sum of the scores given
    english: Counter = field(default_factory=Counter)  # coverage status → required items, today
    people: Counter = field(default_factory=Counter)  # person → items published (contributors, else owner)
    units: Counter = field(default_factory=Counter)  # supplying unit → items published

    COUNTERS = ("publications", "documents", "sections", "consultations", "comments", "dossiers")
    COUNTERS += ("rating_totals", "english", "people", "units")
    TOTALS = ("questions_received", "questions_answered", "questions_late", "visits", "ratings")

    def add(self, other: Activity) -> None:
        for name in self.COUNTERS:
            getattr(self, name).update(getattr(other, name))
        for name in self.TOTALS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def section_rows(self) -> list[tuple[str, int]]:
        return sorted(self.sections.items(), key=lambda row: (-row[1], row[0]))

    @property
    def people_rows(self) -> list[tuple[str, int]]:
        return sorted(self.people.items(), key=lambda row: (-row[1], row[0]))

    @property
    def unit_rows(self) -> list[tuple[str, int]]:
        return sorted(self.units.items(), key=lambda row: (-row[1], row[0]))

    @property
    def rating_rows(self) -> list[tuple[str, str]]:
        """(criterion label, average score "4,25" or "–"), in the order citizens rate them."""
        return [
            (str(label), f"{self.rating_totals[key] / self.ratings:.2f}".replace(".", ",") if self.ratings else "–")
            for key, label in CRITERIA.items()
        ]

    @property
    def english_rows(self) -> list[tuple[str, int]]:
        return [(str(label), self.english[status]) for status, label in EN_STATUS_LABELS.items()]

    @property
    def english_required(self) -> int:
        return sum(self.english.values())

    @property
    def english_ok(self) -> int:
        return self.english[EN_OK]

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
        rows += [("sections", title, count) for title, count in self.section_rows]
        rows += [("consultations", item, self.consultations[item]) for item in ("opened", "closed")]
        rows += [("comments", item, self.comments[item]) for item in ("received", "published")]
        rows += [("dossiers", item, self.dossiers[item]) for item in DOSSIER_FIGURES]
        rows += [("visitors", "visits", self.visits), ("ratings", "count", self.ratings)]
        rows += [("ratings", f"{key}_total", self.rating_totals[key]) for key in CRITERIA]
        rows += [("english", status, self.english[status]) for status in EN_STATUS_LABELS]
        rows += [("people", person, count) for person, count in self.people_rows]
        rows += [("units", unit, count) for unit, count in self.unit_rows]
        return rows


DOSSIER_FIGURES = ("received", "processed", "on_time", "late")


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
        section_titles = _section_titles()
        pages = list(pages.select_related("content_type", "owner"))
        credits = _credits_of([page.pk for page in pages])
        for page in pages:
            activity.publications[str(page.content_type.model_class()._meta.verbose_name)] += 1
            activity.sections[section_titles.get(page.path[: 3 * Page.steplen], page.title)] += 1
            people, units = credits.get(page.pk, (set(), set()))
            activity.people.update(people or {_person(page.owner)})  # each person once per item
            activity.units.update(units)
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
        _participation(activity, start, end, low, high)
        activity.english.update(item.status for item in current_tenant_items())
    return activity


def _section_titles() -> dict[str, str]:
    """Path → title of the home page's children: the sections a report groups publications by."""
    return dict(Page.objects.filter(depth=3).values_list("path", "title"))


def _credits_of(page_ids: list[int]) -> dict[int, tuple[set[str], set[str]]]:
    """page id → (the people credited on it, the units that supplied it), from its contributors."""
    credits: dict[int, tuple[set[str], set[str]]] = {}
    rows = Contributor.objects.filter(page_id__in=page_ids).values_list("page_id", "role", "name")
    for page_id, role, name in rows:
        people, units = credits.setdefault(page_id, (set(), set()))
        (units if role == Role.SUPPLIER else people).add(name)
    return credits


def _person(owner) -> str:
    if owner is None:
        return str(_("(không rõ người đăng)"))
    return owner.get_full_name() or owner.get_username()


def _participation(activity: Activity, start: date, end: date, low: datetime, high: datetime) -> None:
    """Consultations, comments, dossier figures, visits and ratings of the period (current schema)."""
    consultations = ConsultationPage.objects.live()
    activity.consultations["opened"] = consultations.filter(open_at__gte=low, open_at__lt=high).count()
    activity.consultations["closed"] = consultations.filter(close_at__gte=low, close_at__lt=high).count()
    comments = ConsultationComment.objects.filter(submitted_at__gte=low, submitted_at__lt=high)
    activity.comments["received"] = comments.count()
    activity.comments["published"] = comments.filter(status=ConsultationComment.Status.APPROVED).count()
    # Dossier figures are entered per period; those whose period lies within the report's are summed.
    dossiers = DossierStatistics.objects.filter(period_start__gte=start, period_end__lte=end)
    sums = dossiers.aggregate(**{name: Sum(name) for name in DOSSIER_FIGURES})
    activity.dossiers.update({name: sums[name] or 0 for name in DOSSIER_FIGURES})
    activity.visits = VisitDay.objects.filter(date__gte=start, date__lte=end).aggregate(n=Sum("visits"))["n"] or 0
    ratings = SiteRating.objects.filter(submitted_at__gte=low, submitted_at__lt=high)
    figures = ratings.aggregate(n=Count("pk"), **{key: Sum(key) for key in CRITERIA})
    activity.ratings = figures["n"]
    activity.rating_totals.update({key: figures[key] or 0 for key in CRITERIA})


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


def sections_html(activity: Activity) -> SafeString:
    """The report's figures as HTML tables (headings, captions by scope): the one rendering of them,
    shown by the console's printable page and inside the PDF."""
    return mark_safe(render_to_string("compliance/_report_sections.html", {"activity": activity}))


def render_pdf(activity: Activity) -> bytes:
    """The report as an A4 PDF (the same figures as the printable page), text in Vietnamese."""
    from weasyprint import HTML  # imported here: it loads Pango, which only reports need

    with translation.override("vi"):
        html = render_to_string(
            "compliance/report_pdf.html", {"activity": activity, "sections": sections_html(activity)}
        )
    return HTML(string=html).write_pdf()
