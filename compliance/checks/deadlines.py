"""Posting deadlines met or late, item by item (D2, D4, D5, D6, D7, D11, D12; D35): each item is
counted from the date its regulation names (event, issue, approval, decision…) to the day it was
first published, in working days (``workdays``) against the site's deadline settings. An item
without that date is *unknown*, never late. Withdrawals (D6) are counted in hours."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from sites.models import (
    ArticlePage,
    DocumentWithdrawal,
    LegalDocumentPage,
    NewsPage,
    ProjectPage,
    ScienceProgrammePage,
    SectionIndexPage,
    StatisticsReportPage,
)
from sites.models.articles import SectionCategory
from sites.models.news import EventKind
from workdays.deadlines import DeadlineKind

from ..context import CheckContext
from ..findings import LATE, ON_TIME, UNKNOWN, Evidence, Outcome, Status


def posting_item(ctx: CheckContext, page, kind: str, start: date | None) -> Evidence:
    posted = ctx.local_date(page.first_published_at)
    if start is None or posted is None:
        return ctx.page_evidence(page, UNKNOWN, _("chưa rõ ngày tính hạn"))
    due = ctx.deadlines.due_date(kind, start)
    detail = _("tính từ %(start)s, hạn %(due)s, đăng %(posted)s") % {
        "start": f"{start:%d/%m/%Y}",
        "due": f"{due:%d/%m/%Y}",
        "posted": f"{posted:%d/%m/%Y}",
    }
    return ctx.page_evidence(page, LATE if posted > due else ON_TIME, detail)


def verdict(evidence: list[Evidence]) -> Outcome:
    """Late when any dated item is late, present otherwise; not applicable without items."""
    if not evidence:
        return Outcome(Status.NOT_APPLICABLE, _("Không có mục nào trong kỳ đánh giá."))
    late = sum(item.status == LATE for item in evidence)
    # Problems first, so a reader (and a truncated list) sees them.
    evidence.sort(key=lambda item: {LATE: 0, UNKNOWN: 1}.get(item.status, 2))
    if late:
        return Outcome(
            Status.LATE, _("%(late)s/%(total)s mục đăng muộn.") % {"late": late, "total": len(evidence)}, evidence
        )
    return Outcome(Status.PRESENT, "", evidence)


def _recent(ctx: CheckContext, model):
    return ctx.published(model).filter(first_published_at__gte=ctx.since_datetime).order_by("first_published_at")


def news_on_time(ctx: CheckContext) -> Outcome:
    """D2: news ≤ 1 working day after the event; conferences ≤ 2 after they ended."""
    evidence = []
    for page in _recent(ctx, NewsPage):
        kind = DeadlineKind.CONFERENCE if page.event_kind == EventKind.CONFERENCE else DeadlineKind.NEWS
        evidence.append(posting_item(ctx, page, kind, page.event_date))
    return verdict(evidence)


def law_on_time(ctx: CheckContext) -> Outcome:
    """D4: law dissemination ≤ 15 working days after the law or policy was issued."""
    return verdict(
        [
            posting_item(ctx, page, DeadlineKind.LAW, page.law_issue_date)
            for page in _in_section(ctx, SectionCategory.LAW)
        ]
    )


def _in_section(ctx: CheckContext, category: str) -> list:
    pages = []
    for index in SectionIndexPage.objects.live().filter(category=category):
        pages += list(_recent(ctx, ArticlePage).descendant_of(index))
    return pages


def plans_on_time(ctx: CheckContext) -> Outcome:
    """D5: strategies, plans and projects seeking investors ≤ 10 working days after approval."""
    return verdict(
        [
            posting_item(ctx, page, DeadlineKind.PLAN, page.approval_date)
            for page in _in_section(ctx, SectionCategory.PLANS)
        ]
    )


def documents_on_time(ctx: CheckContext) -> Outcome:
    """D6: documents within the site's deadline from issue (or from the posting request, when given)."""
    pages = _recent(ctx, LegalDocumentPage).filter(is_draft=False)
    return verdict(
        [posting_item(ctx, page, DeadlineKind.DOCUMENT, page.posting_request_date or page.issue_date) for page in pages]
    )


def projects_on_time(ctx: CheckContext) -> Outcome:
    """D7: projects, investment items and bidding ≤ 10 working days after approval."""
    return verdict(
        [posting_item(ctx, page, DeadlineKind.PROJECT, page.approval_date) for page in _recent(ctx, ProjectPage)]
    )


def science_on_time(ctx: CheckContext) -> Outcome:
    """D11: programmes ≤ 20 working days after approval (results: after acceptance)."""
    evidence = []
    for page in _recent(ctx, ScienceProgrammePage):
        start = page.acceptance_date if page.status == ScienceProgrammePage.Status.ACCEPTED else page.approval_date
        evidence.append(posting_item(ctx, page, DeadlineKind.SCIENCE, start))
    return verdict(evidence)


def statistics_on_time(ctx: CheckContext) -> Outcome:
    """D12: statistics ≤ 10 working days after the head decided to publish them."""
    pages = _recent(ctx, StatisticsReportPage)
    return verdict([posting_item(ctx, page, DeadlineKind.STATISTICS, page.publication_decided_date) for page in pages])


def withdrawals_in_time(ctx: CheckContext) -> Outcome:
    """D6: a document withdrawn on request within the site's deadline in hours (4 by default)."""
    evidence = []
    rows = DocumentWithdrawal.objects.filter(at__gte=ctx.since_datetime).select_related("page").order_by("at")
    for row in rows:
        item = ctx.page_evidence(row.page)
        item.object = f"portal.documentwithdrawal:{row.pk}"
        if row.request_received_at is None:
            item.status, item.detail = UNKNOWN, _("chưa ghi thời điểm nhận đề nghị")
        else:
            due = ctx.deadlines.due_at(DeadlineKind.WITHDRAWAL, row.request_received_at)
            item.status = LATE if row.at > due else ON_TIME
            item.detail = _("%(hours)s giờ sau đề nghị của %(unit)s") % {
                "hours": f"{row.hours_after_request():.1f}",
                "unit": row.requesting_unit or "—",
            }
        evidence.append(item)
    return verdict(evidence)


UNIT_LABELS = {"working_days": gettext_lazy("ngày làm việc"), "hours": pgettext_lazy("đơn vị thời hạn", "giờ")}
ORIGIN_LABELS = {
    "law": gettext_lazy("theo quy định"),
    "province": gettext_lazy("mặc định của tỉnh"),
    "site": gettext_lazy("quy chế của trang"),
}


def deadline_settings(ctx: CheckContext) -> Outcome:
    """D35: the deadlines this site is held to, and where each comes from (informational)."""
    evidence = [
        Evidence(
            label=str(DeadlineKind(kind).label),
            detail=f"{value} {UNIT_LABELS[ctx.deadlines.unit(kind)]} ({ORIGIN_LABELS[ctx.deadlines.origins[kind]]})",
            object=f"workdays.postingdeadline:{kind}",
            admin_url=ctx.console_site_url(),
        )
        for kind, value in ctx.deadlines.values.items()
    ]
    return Outcome(Status.PRESENT, "", evidence)
