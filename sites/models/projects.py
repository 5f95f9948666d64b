"""Projects, bidding and procurement register (D7): filterable by status, field, type and funding."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from contributors.models import Credited, contributor_panel
from core.kinds import Kind

from ..blocks import BodyBlock
from .base import PortalPage, SuppliedSection, paginate, plain_text, stream_text
from .snippets import Sector


class ProjectStatus(models.TextChoices):
    PREPARING = "preparing", _("Chuẩn bị đầu tư")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    COMPLETED = "completed", _("Đã hoàn thành")


class ProjectType(models.TextChoices):
    PUBLIC_INVESTMENT = "public_investment", _("Dự án đầu tư công")
    INVESTMENT_CALL = "investment_call", _("Dự án kêu gọi đầu tư")
    BIDDING = "bidding", _("Đấu thầu")
    PROCUREMENT = "procurement", _("Mua sắm công")


class FundingType(models.TextChoices):
    STATE_BUDGET = "state_budget", _("Ngân sách nhà nước")
    ODA = "oda", _("Vốn ODA, vay ưu đãi")
    PPP = "ppp", _("Đối tác công tư (PPP)")
    PRIVATE = "private", _("Vốn doanh nghiệp, xã hội hóa")
    MIXED = "mixed", _("Vốn hỗn hợp")


class ProjectIndexPage(SuppliedSection, PortalPage):
    """Danh mục dự án: list filterable by status, field, type and funding."""

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")] + SuppliedSection.supplying_panels
    subpage_types = ["portal.ProjectPage"]
    template = "sites/project_index_page.html"

    class Meta:
        verbose_name = _("danh mục dự án")

    def summary_text(self) -> str:
        return self.search_description or plain_text(self.intro)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        projects = ProjectPage.objects.child_of(self).live().public().select_related("field")
        filters = {}
        for name, choices in (("status", ProjectStatus), ("project_type", ProjectType), ("funding_type", FundingType)):
            value = request.GET.get(name, "")
            if value in choices.values:
                projects = projects.filter(**{name: value})
                filters[name] = value
        field = request.GET.get("field", "")
        if field.isdigit():
            projects = projects.filter(field_id=int(field))
            filters["field"] = int(field)
        context.update(
            projects=paginate(request, projects.order_by("status", "-start_year", "title")),
            filters=filters,
            status_choices=ProjectStatus.choices,
            type_choices=ProjectType.choices,
            funding_choices=FundingType.choices,
            sector_choices=[(sector.pk, sector.name) for sector in Sector.objects.filter(locale=self.locale)],
        )
        return context


class ProjectPage(Credited, PortalPage):
    """One project: name, objective, field, type, duration, budget, funding type, investor (``sponsor``,
    chủ đầu tư), donor (nhà tài trợ: of an ODA or sponsored project, distinct from the investor), status."""

    search_kind = Kind.PROJECT

    objective = models.TextField(_("mục tiêu"), max_length=2000)
    field = models.ForeignKey(
        "portal.Sector", verbose_name=_("lĩnh vực"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    project_type = models.CharField(_("loại dự án"), max_length=20, choices=ProjectType.choices)
    start_year = models.PositiveSmallIntegerField(_("năm bắt đầu"))
    end_year = models.PositiveSmallIntegerField(_("năm kết thúc"))
    budget = models.DecimalField(_("tổng mức đầu tư (triệu đồng)"), max_digits=16, decimal_places=1)
    funding_type = models.CharField(_("nguồn vốn"), max_length=20, choices=FundingType.choices)
    sponsor = models.CharField(_("chủ đầu tư"), max_length=300)
    donor = models.CharField(
        _("nhà tài trợ"),
        max_length=300,
        blank=True,
        help_text=_("Nhà tài trợ của dự án ODA, vốn vay ưu đãi hoặc tài trợ (khác chủ đầu tư); để trống nếu không có."),
    )
    location = models.CharField(_("địa điểm"), max_length=300, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.PREPARING
    )
    body = StreamField(BodyBlock(), verbose_name=_("thông tin chi tiết"), blank=True)
    approval_date = models.DateField(
        _("ngày phê duyệt"),
        null=True,
        blank=True,
        help_text=_(
            "Ngày dự án, hạng mục đầu tư, đấu thầu được phê duyệt: hạn đăng tính từ ngày này; để trống: chưa rõ."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("objective"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("field"), FieldPanel("project_type")]),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
                FieldRowPanel([FieldPanel("budget"), FieldPanel("funding_type")]),
                FieldRowPanel([FieldPanel("sponsor"), FieldPanel("donor")]),
                FieldPanel("location"),
                FieldPanel("status"),
                FieldPanel("approval_date"),
            ],
            heading=_("Thông tin dự án"),
        ),
        FieldPanel("body"),
        contributor_panel(),
    ]
    parent_page_types = ["portal.ProjectIndexPage"]
    subpage_types: list[str] = []
    template = "sites/project_page.html"

    class Meta:
        verbose_name = _("dự án")
        verbose_name_plural = _("dự án")

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("Năm kết thúc phải bằng hoặc sau năm bắt đầu.")})
        if self.budget is not None and self.budget < 0:
            raise ValidationError({"budget": _("Tổng mức đầu tư không được âm.")})

    @property
    def duration(self) -> str:
        return f"{self.start_year}–{self.end_year}" if self.end_year != self.start_year else str(self.start_year)

    def summary_text(self) -> str:
        return self.objective

    def body_text(self) -> str:
        return f"{self.sponsor} {self.donor} {self.location} {stream_text(self, 'body')}"

    def display_date(self):
        return self.last_published_at

    def search_meta(self) -> dict:
        return {"project_status": self.status, "project_type": self.project_type}

    def dc_subjects(self) -> list[str]:
        return [self.field.name] if self.field else []
