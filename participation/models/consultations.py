"""Public consultations on drafts (D8): the draft's page, its attachments and citizens' comments.

A consultation is open while ``open_at <= now < close_at`` — computed at request time, so it closes
exactly at the deadline with no scheduled job. Comments are moderated before publication.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from contributors.models import Credited, contributor_panel
from core.kinds import Kind
from core.page_contract import PortalPageMixin
from core.page_views import PageViews


class ConsultationIndexPage(PortalPageMixin, Page):
    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["participation.ConsultationPage"]
    template = "participation/consultation_index_page.html"

    class Meta:
        verbose_name = _("trang lấy ý kiến dự thảo")
        verbose_name_plural = _("trang lấy ý kiến dự thảo")

    def body_text(self) -> str:
        return strip_tags(self.intro)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        drafts = ConsultationPage.objects.child_of(self).live().specific().order_by("-close_at")
        context["open_consultations"] = [d for d in drafts if d.is_open(now)]
        context["upcoming_consultations"] = [d for d in drafts if now < d.open_at]
        context["closed_consultations"] = [d for d in drafts if now >= d.close_at]
        return context


class ConsultationPage(Credited, PortalPageMixin, Page):
    summary = models.TextField(_("tóm tắt dự thảo"), max_length=1000, blank=True)
    body = RichTextField(_("toàn văn dự thảo"))
    open_at = models.DateTimeField(_("bắt đầu lấy ý kiến"))
    close_at = models.DateTimeField(_("hạn cuối góp ý"))
    unit_name = models.CharField(_("đơn vị tiếp nhận ý kiến"), max_length=255)
    unit_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    unit_phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    unit_email = models.EmailField(_("thư điện tử"), blank=True)
    comments_summary = RichTextField(
        _("tổng hợp, tiếp thu ý kiến"),
        blank=True,
        help_text=_("Công bố bản tổng hợp ý kiến góp ý và giải trình, tiếp thu (hiện công khai khi có nội dung)."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("tệp đính kèm")),
        MultiFieldPanel([FieldPanel("open_at"), FieldPanel("close_at")], heading=_("thời gian lấy ý kiến")),
        MultiFieldPanel(
            [FieldPanel("unit_name"), FieldPanel("unit_address"), FieldPanel("unit_phone"), FieldPanel("unit_email")],
            heading=_("đơn vị tiếp nhận"),
        ),
        FieldPanel("comments_summary"),
        contributor_panel(),
    ]
    parent_page_types = ["participation.ConsultationIndexPage"]
    subpage_types: list[str] = []
    template = "participation/consultation_page.html"
    search_kind = Kind.CONSULTATION
    page_views = PageViews("participation.ConsultationPage")

    class Meta:
        verbose_name = _("dự thảo lấy ý kiến")
        verbose_name_plural = _("dự thảo lấy ý kiến")

    def clean(self):
        super().clean()
        if self.open_at and self.close_at and self.close_at <= self.open_at:
            raise ValidationError({"close_at": _("Hạn cuối góp ý phải sau thời điểm bắt đầu.")})

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.open_at <= now < self.close_at

    # --- the page contract (core.page_contract): kind "consultation", dated by its opening ---
    def summary_text(self) -> str:
        return self.summary or strip_tags(self.body)[:300]

    def body_text(self) -> str:
        return " ".join(filter(None, [strip_tags(self.body), strip_tags(self.comments_summary)]))

    def display_date(self):
        return self.open_at

    # The comment form: participation.views.consultations registers the POST handler and the form
    # context on ``page_views`` (the form and the service import this model, not the reverse).
    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            return self.page_views.call("comment", self, request)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.page_views.call("form", self, request, context)
        context["is_open"] = self.is_open()
        context["published_comments"] = self.comments.filter(status=ConsultationComment.Status.APPROVED)
        return context


class ConsultationAttachment(Orderable):
    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("tài liệu")
    )
    title = models.CharField(_("tên hiển thị"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    @property
    def label(self) -> str:
        return self.title or self.document.title


class ConsultationComment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã công bố")
        REJECTED = "rejected", _("Không công bố")

    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="comments", verbose_name=_("dự thảo")
    )
    name = models.CharField(_("họ và tên / tên tổ chức"), max_length=200)
    contact = models.CharField(_("địa chỉ, thư điện tử hoặc điện thoại"), max_length=300)
    body = models.TextField(_("nội dung góp ý"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING)
    submitted_at = models.DateTimeField(_("ngày gửi"), default=timezone.now)
    moderated_at = models.DateTimeField(_("ngày duyệt"), null=True, blank=True)
    client_hash = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("ý kiến góp ý dự thảo")
        verbose_name_plural = _("ý kiến góp ý dự thảo")
        permissions = [("publish_consultationcomment", _("Duyệt công bố góp ý"))]

    def __str__(self) -> str:
        return f"{self.consultation.title} — {self.submitted_at:%d/%m/%Y %H:%M}"
