"""Required sections present and non-empty (D1–D12, D15, D16, D25), the weekly work schedule of the
current week (D3), and introduction and contacts updated within ``COMPLIANCE_STALE_DAYS`` (D1, D9)."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext as _

from participation.models import ConsultationIndexPage, ConsultationPage, QuestionIndexPage
from sites.models import (
    ArticlePage,
    ContactDirectoryPage,
    IntroductionPage,
    LegalDocumentIndexPage,
    LegalDocumentPage,
    NewsIndexPage,
    NewsPage,
    PortalSettings,
    ProjectIndexPage,
    ProjectPage,
    ScienceProgrammePage,
    SectionIndexPage,
    ServiceIndexPage,
    ServicePage,
    StatisticsReportPage,
    WorkSchedulePage,
)
from sites.models.articles import SectionCategory

from ..context import CheckContext, stale_days
from ..findings import PROBLEM, Evidence, Outcome, Status


def section(ctx: CheckContext, index_model, entry_models, **index_filter) -> Outcome:
    """Present when a live index page of ``index_model`` has at least one live entry beneath it."""
    indexes = list(ctx.published(index_model).filter(**index_filter).order_by("path"))
    if not indexes:
        return Outcome(
            Status.MISSING,
            _("Chưa có chuyên mục này."),
            [Evidence(_("Trang quản trị"), PROBLEM, admin_url=ctx.home_admin_url())],
        )
    evidence = []
    for index in indexes:
        count = sum(ctx.published(model).descendant_of(index).count() for model in entry_models)
        evidence.append(ctx.page_evidence(index, detail=_("%(count)s mục") % {"count": count}))
        if count:
            return Outcome(Status.PRESENT, "", evidence)
    for item in evidence:
        item.status = PROBLEM
    return Outcome(Status.MISSING, _("Chuyên mục chưa có nội dung."), evidence)


def _updated(ctx: CheckContext, page) -> Outcome:
    """Present when ``page`` was published within the stale period, else stale."""
    published = ctx.local_date(page.last_published_at)
    if published and published >= ctx.today - timedelta(days=stale_days()):
        return Outcome(Status.PRESENT, "", [ctx.page_evidence(page, detail=f"{published:%d/%m/%Y}")])
    detail = _("cập nhật lần cuối %(day)s") % {"day": f"{published:%d/%m/%Y}" if published else "—"}
    return Outcome(
        Status.STALE,
        _("Quá %(days)s ngày chưa cập nhật.") % {"days": stale_days()},
        [ctx.page_evidence(page, PROBLEM, detail)],
    )


def introduction(ctx: CheckContext) -> Outcome:
    page = ctx.published(IntroductionPage).order_by("path").first()
    if page is None:
        return section(ctx, IntroductionPage, [])
    if not (page.summary or page.body):
        return Outcome(Status.MISSING, _("Trang giới thiệu chưa có nội dung."), [ctx.page_evidence(page, PROBLEM)])
    return _updated(ctx, page)


def news(ctx: CheckContext) -> Outcome:
    return section(ctx, NewsIndexPage, [NewsPage])


def direction(ctx: CheckContext) -> Outcome:
    return section(ctx, SectionIndexPage, [ArticlePage, WorkSchedulePage], category=SectionCategory.DIRECTION)


def weekly_schedule(ctx: CheckContext) -> Outcome:
    """D3: the leaders' work schedule of the current week is published."""
    monday = ctx.today - timedelta(days=ctx.today.weekday())
    page = ctx.published(WorkSchedulePage).filter(week_start=monday).first()
    if page is not None:
        return Outcome(Status.PRESENT, "", [ctx.page_evidence(page)])
    latest = ctx.published(WorkSchedulePage).order_by("-week_start").first()
    message = _("Chưa đăng lịch công tác tuần %(day)s.") % {"day": f"{monday:%d/%m/%Y}"}
    if latest is None:
        return Outcome(
            Status.MISSING, message, [Evidence(_("Trang quản trị"), PROBLEM, admin_url=ctx.home_admin_url())]
        )
    return Outcome(Status.STALE, message, [ctx.page_evidence(latest, PROBLEM, f"{latest.week_start:%d/%m/%Y}")])


def law_dissemination(ctx: CheckContext) -> Outcome:
    return section(ctx, SectionIndexPage, [ArticlePage], category=SectionCategory.LAW)


def plans(ctx: CheckContext) -> Outcome:
    return section(ctx, SectionIndexPage, [ArticlePage], category=SectionCategory.PLANS)


def legal_documents(ctx: CheckContext) -> Outcome:
    return section(ctx, LegalDocumentIndexPage, [LegalDocumentPage])


def projects(ctx: CheckContext) -> Outcome:
    return section(ctx, ProjectIndexPage, [ProjectPage])


def consultations(ctx: CheckContext) -> Outcome:
    return section(ctx, ConsultationIndexPage, [ConsultationPage])


def officials(ctx: CheckContext) -> Outcome:
    page = ctx.published(ContactDirectoryPage).order_by("path").first()
    if page is None:
        return section(ctx, ContactDirectoryPage, [])
    if not page.officials.exists():
        return Outcome(Status.MISSING, _("Danh bạ chưa có cán bộ nào."), [ctx.page_evidence(page, PROBLEM)])
    return _updated(ctx, page)


def portal_contacts(ctx: CheckContext) -> Outcome:
    """D10: address, phone and e-mail of the editorial board (the site's portal settings)."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    settings = PortalSettings.for_site(site) if site else None
    admin_url = ctx.admin_url("wagtailsettings:edit", "portal", "portalsettings", site.pk) if site else ""
    missing = [name for name in ("editorial_board", "address", "phone", "email") if not getattr(settings, name, "")]
    if missing:
        detail = ", ".join(str(PortalSettings._meta.get_field(name).verbose_name) for name in missing)
        return Outcome(
            Status.MISSING,
            _("Thiếu thông tin liên hệ ban biên tập."),
            [Evidence(_("Thông tin cổng"), PROBLEM, detail, admin_url=admin_url)],
        )
    return Outcome(Status.PRESENT, "", [Evidence(_("Thông tin cổng"), admin_url=admin_url)])


def science(ctx: CheckContext) -> Outcome:
    return section(ctx, SectionIndexPage, [ScienceProgrammePage], category=SectionCategory.SCIENCE)


def statistics(ctx: CheckContext) -> Outcome:
    return section(ctx, SectionIndexPage, [StatisticsReportPage], category=SectionCategory.STATISTICS)


def public_services(ctx: CheckContext) -> Outcome:
    return section(ctx, ServiceIndexPage, [ServicePage])


def questions_page(ctx: CheckContext) -> Outcome:
    page = ctx.published(QuestionIndexPage).order_by("path").first()
    if page is None:
        return section(ctx, QuestionIndexPage, [])
    return Outcome(Status.PRESENT, "", [ctx.page_evidence(page)])


def disclosure(ctx: CheckContext) -> Outcome:
    return section(ctx, SectionIndexPage, [ArticlePage], category=SectionCategory.DISCLOSURE)
