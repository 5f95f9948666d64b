"""Typed sections (D3 direction & administration, D4 law dissemination, D5 plans & strategies,
D11 science programmes, D12 statistics, D25 disclosure) and their page types."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin

from contributors.models import Credited, contributor_panel
from core.kinds import Kind

from ..blocks import BodyBlock
from .base import PortalPage, SuppliedSection, paginate, plain_text, stream_text


class SectionCategory(models.TextChoices):
    DIRECTION = "direction", _("Chỉ đạo, điều hành")  # D3
    LAW = "law", _("Phổ biến, giáo dục pháp luật")  # D4
    PLANS = "plans", _("Chiến lược, quy hoạch, kế hoạch")  # D5
    SCIENCE = "science", _("Chương trình, đề tài khoa học")  # D11
    STATISTICS = "statistics", _("Thông tin thống kê")  # D12
    DISCLOSURE = "disclosure", _("Công khai thông tin")  # D25
    GENERAL = "general", _("Chuyên mục chung")


class Topic(models.TextChoices):
    """What an article is, within its section (D3/D4/D5/D25)."""

    DIRECTIVE = "directive", _("Ý kiến chỉ đạo, điều hành")
    PETITION_ANSWER = "petition_answer", _("Trả lời kiến nghị, phản ánh")
    REWARD_PENALTY = "reward_penalty", _("Khen thưởng, xử phạt")
    LAW_GUIDANCE = "law_guidance", _("Hướng dẫn thực hiện pháp luật, chính sách")
    STRATEGY = "strategy", _("Chiến lược, kế hoạch phát triển")
    INVESTMENT = "investment", _("Ưu đãi, dự án kêu gọi đầu tư")
    PLANNING = "planning", _("Quy hoạch xây dựng, đô thị, sử dụng đất")
    RESOURCES = "resources", _("Tài nguyên thiên nhiên")
    WASTE = "waste", _("Chất thải, khu vực ô nhiễm")
    ANNUAL_PLAN = "annual_plan", _("Kế hoạch hằng năm")
    DISCLOSURE_LIST = "disclosure_list", _("Danh mục thông tin phải công khai")
    FINANCIAL_REPORT = "financial_report", _("Báo cáo tài chính năm")
    OTHER = "other", _("Khác")


TOPICS_OF = {
    SectionCategory.DIRECTION: [Topic.DIRECTIVE, Topic.PETITION_ANSWER, Topic.REWARD_PENALTY, Topic.OTHER],
    SectionCategory.LAW: [Topic.LAW_GUIDANCE, Topic.OTHER],
    SectionCategory.PLANS: [
        Topic.STRATEGY,
        Topic.INVESTMENT,
        Topic.PLANNING,
        Topic.RESOURCES,
        Topic.WASTE,
        Topic.OTHER,
    ],
    SectionCategory.DISCLOSURE: [Topic.ANNUAL_PLAN, Topic.DISCLOSURE_LIST, Topic.FINANCIAL_REPORT, Topic.OTHER],
}


class SectionIndexPage(SuppliedSection, PortalPage):
    """A typed list of pages: its ``category`` says which legal section (D3, D4, D5, D11, D12, D25) it is."""

    category = models.CharField(
        _("loại chuyên mục"), max_length=20, choices=SectionCategory.choices, default=SectionCategory.GENERAL
    )
    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = (
        Page.content_panels + [FieldPanel("category"), FieldPanel("intro")] + SuppliedSection.supplying_panels
    )
    subpage_types = [
        "portal.ArticlePage",
        "portal.WorkSchedulePage",
        "portal.ScienceProgrammePage",
        "portal.StatisticsReportPage",
        "portal.SectionIndexPage",
    ]
    template = "sites/section_index_page.html"

    class Meta:
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")

    def summary_text(self) -> str:
        return self.search_description or plain_text(self.intro)

    def topics(self) -> list[Topic]:
        return TOPICS_OF.get(self.category, [])

    def topic_choices(self) -> list[tuple[str, str]]:
        return [(topic.value, topic.label) for topic in self.topics()]

    def entries(self, topic: str = ""):
        pages = Page.objects.child_of(self).live().public()
        if topic:
            pages = pages.filter(pk__in=ArticlePage.objects.child_of(self).filter(topic=topic).values("pk"))
        return pages.specific().order_by("-first_published_at")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        topic = request.GET.get("topic", "")
        topic = topic if topic in {choice.value for choice in self.topics()} else ""
        context.update(entries=paginate(request, self.entries(topic)), topic=topic)
        return context


class ArticlePage(Credited, PortalPage):
    """An article of a typed section: directive, answer to a petition, law guidance, plan, disclosure…"""

    date = models.DateField(_("ngày"), default=datetime.date.today)
    topic = models.CharField(_("loại tin"), max_length=20, choices=Topic.choices, default=Topic.OTHER)
    summary = models.TextField(_("tóm tắt"), max_length=1000, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("nội dung"), blank=True)
    source = models.CharField(_("nguồn"), max_length=200, blank=True)
    law_issue_date = models.DateField(
        _("ngày ban hành văn bản, chính sách được phổ biến"),
        null=True,
        blank=True,
        help_text=_("Phổ biến pháp luật: hạn đăng tính từ ngày này; để trống: chưa rõ."),
    )
    approval_date = models.DateField(
        _("ngày phê duyệt"),
        null=True,
        blank=True,
        help_text=_("Chiến lược, quy hoạch, kế hoạch, dự án: hạn đăng tính từ ngày phê duyệt; để trống: chưa rõ."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("topic")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("source"),
        contributor_panel(),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("law_issue_date"), FieldPanel("approval_date")])],
            heading=_("Ngày tính hạn đăng tải"),
        ),
    ]
    parent_page_types = ["portal.SectionIndexPage"]
    subpage_types: list[str] = []
    template = "sites/article_page.html"

    class Meta:
        verbose_name = _("bài viết chuyên mục")
        verbose_name_plural = _("bài viết chuyên mục")

    def summary_text(self) -> str:
        return self.summary or self.search_description

    def body_text(self) -> str:
        return stream_text(self, "body")

    def display_date(self):
        return self.date

    def dc_subjects(self) -> list[str]:
        return [self.get_topic_display()]

    def dc_source(self) -> str:
        return self.source


class WorkSchedulePage(PortalPage):
    """Leaders' weekly work schedule (D3) as a structured table."""

    week_start = models.DateField(_("tuần bắt đầu từ (thứ Hai)"))
    note = models.TextField(_("ghi chú"), blank=True, max_length=1000)

    content_panels = Page.content_panels + [
        FieldPanel("week_start"),
        FieldPanel("note"),
        InlinePanel("entries", label=_("lịch")),
    ]
    parent_page_types = ["portal.SectionIndexPage"]
    subpage_types: list[str] = []
    template = "sites/work_schedule_page.html"

    class Meta:
        verbose_name = _("lịch công tác tuần")
        verbose_name_plural = _("lịch công tác tuần")

    def clean(self):
        super().clean()
        if self.week_start and self.week_start.weekday() != 0:
            raise ValidationError({"week_start": _("Ngày bắt đầu tuần phải là thứ Hai.")})

    @property
    def week_end(self) -> datetime.date:
        return self.week_start + datetime.timedelta(days=6)

    def days(self) -> list[tuple[datetime.date, list[ScheduleEntry]]]:
        """Entries grouped by day, in time order."""
        grouped: dict[datetime.date, list[ScheduleEntry]] = {}
        for entry in sorted(self.entries.all(), key=lambda e: (e.day, e.time or datetime.time.min)):
            grouped.setdefault(entry.day, []).append(entry)
        return list(grouped.items())

    def summary_text(self) -> str:
        return self.note or f"{self.week_start:%d/%m/%Y} – {self.week_end:%d/%m/%Y}"

    def body_text(self) -> str:
        return " ".join(f"{e.content} {e.chair} {e.location}" for e in self.entries.all())

    def display_date(self):
        return self.week_start


class ScheduleEntry(TranslatableMixin, Orderable):
    page = ParentalKey(WorkSchedulePage, on_delete=models.CASCADE, related_name="entries")
    day = models.DateField(_("ngày"))
    time = models.TimeField(_("giờ"), null=True, blank=True)
    content = models.CharField(_("nội dung"), max_length=500)
    chair = models.CharField(_("chủ trì"), max_length=200)
    participants = models.CharField(_("thành phần"), max_length=300, blank=True)
    location = models.CharField(_("địa điểm"), max_length=200)

    panels = [
        FieldRowPanel([FieldPanel("day"), FieldPanel("time")]),
        FieldPanel("content"),
        FieldPanel("chair"),
        FieldPanel("participants"),
        FieldPanel("location"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("mục lịch công tác")
        verbose_name_plural = _("mục lịch công tác")

    def clean(self):
        super().clean()
        page = getattr(self, "page", None)
        if (
            page is not None
            and page.week_start
            and self.day
            and not (page.week_start <= self.day <= page.week_start + datetime.timedelta(days=6))
        ):
            raise ValidationError({"day": _("Ngày phải nằm trong tuần của lịch công tác.")})


class ScienceProgrammePage(Credited, PortalPage):
    """A science & technology programme or project funded by the state budget (D11)."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("Cấp quốc gia")
        MINISTRY = "ministry", _("Cấp bộ")
        PROVINCE = "province", _("Cấp tỉnh")
        BASE = "base", _("Cấp cơ sở")

    class Status(models.TextChoices):
        ONGOING = "ongoing", _("Đang thực hiện")
        ACCEPTED = "accepted", _("Đã nghiệm thu")

    code = models.CharField(_("mã số"), max_length=50)
    level = models.CharField(_("cấp quản lý"), max_length=16, choices=Level.choices, default=Level.PROVINCE)
    field = models.ForeignKey(
        "portal.Sector", verbose_name=_("lĩnh vực"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_unit = models.CharField(_("đơn vị chủ trì"), max_length=300)
    principal = models.CharField(_("chủ nhiệm"), max_length=200, blank=True)
    start_date = models.DateField(_("bắt đầu"))
    end_date = models.DateField(_("kết thúc"))
    budget = models.DecimalField(_("kinh phí (triệu đồng)"), max_digits=14, decimal_places=1, null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.ONGOING)
    summary = models.TextField(_("mục tiêu, nội dung"), max_length=2000)
    acceptance_date = models.DateField(_("ngày nghiệm thu"), null=True, blank=True)
    approval_date = models.DateField(
        _("ngày phê duyệt"),
        null=True,
        blank=True,
        help_text=_("Hạn đăng tính từ ngày phê duyệt (và từ ngày nghiệm thu cho kết quả); để trống: chưa rõ."),
    )
    results = RichTextField(_("kết quả sau nghiệm thu"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("code"),
                FieldPanel("level"),
                FieldPanel("field"),
                FieldPanel("lead_unit"),
                FieldPanel("principal"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("approval_date"),
                FieldPanel("budget"),
            ],
            heading=_("Thông tin chung"),
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("acceptance_date"), FieldPanel("results")], heading=_("Kết quả")
        ),
        contributor_panel(),
    ]
    parent_page_types = ["portal.SectionIndexPage"]
    subpage_types: list[str] = []
    template = "sites/science_programme_page.html"

    class Meta:
        verbose_name = _("chương trình, đề tài khoa học")
        verbose_name_plural = _("chương trình, đề tài khoa học")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc phải sau ngày bắt đầu.")})
        if self.status == self.Status.ACCEPTED and not self.acceptance_date:
            raise ValidationError({"acceptance_date": _("Đề tài đã nghiệm thu phải có ngày nghiệm thu.")})

    def summary_text(self) -> str:
        return self.summary

    def body_text(self) -> str:
        return f"{self.code} {self.lead_unit} {self.principal} {plain_text(self.results)}"

    def display_date(self):
        return self.acceptance_date or self.start_date

    def dc_subjects(self) -> list[str]:
        return [self.field.name] if self.field else []


class StatisticsReportPage(Credited, PortalPage):
    """A statistics report (D12): data file, method, analysis and date."""

    search_kind = Kind.STATISTICS

    report_date = models.DateField(_("ngày công bố"), default=datetime.date.today)
    period = models.CharField(_("kỳ số liệu"), max_length=100, help_text=_("Ví dụ: 6 tháng đầu năm 2026."))
    summary = models.TextField(_("tóm tắt"), max_length=1000)
    data_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("tệp số liệu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    method = RichTextField(_("phương pháp thống kê"), blank=True)
    analysis = StreamField(BodyBlock(), verbose_name=_("phân tích, đánh giá"), blank=True)
    publication_decided_date = models.DateField(
        _("ngày quyết định công bố"),
        null=True,
        blank=True,
        help_text=_("Ngày thủ trưởng cơ quan quyết định công bố: hạn đăng tính từ ngày này; để trống: chưa rõ."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("report_date"), FieldPanel("period")]),
        FieldPanel("publication_decided_date"),
        FieldPanel("summary"),
        FieldPanel("data_file"),
        FieldPanel("method"),
        FieldPanel("analysis"),
        contributor_panel(),
    ]
    parent_page_types = ["portal.SectionIndexPage"]
    subpage_types: list[str] = []
    template = "sites/statistics_report_page.html"

    class Meta:
        verbose_name = _("báo cáo thống kê")
        verbose_name_plural = _("báo cáo thống kê")

    def summary_text(self) -> str:
        return self.summary

    def body_text(self) -> str:
        return f"{plain_text(self.method)} {stream_text(self, 'analysis')}"

    def display_date(self):
        return self.report_date
