"""Questions & answers (D16): the public Q&A page and the citizens' questions it receives.

Questions are rows, not pages: the asker's personal data stays in them and is never rendered on a
public page; only published, answered questions are listed (topic, question, answer, dates).
Q&A rows are not sent to the province-wide search (the Q&A page itself is, as kind "question").

An answer may cite legal documents of the same site (``QuestionCitation``): a link to a Wagtail page
of the type ``CITABLE_PAGE_TYPE``, named by its model string — the content app is not imported (the
feature apps are independent); the public page shows each document through the page contract
(``core.page_contract.citation_of``).
"""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from core.kinds import Kind
from core.page_contract import PortalPageMixin
from core.page_views import PageViews
from workdays.services import add_working_days

ANSWER_WORKING_DAYS = 15
DUE_SOON_WORKING_DAYS = 2
TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: read aloud over the phone
TRACKING_LENGTH = 10
CITABLE_PAGE_TYPE = "portal.LegalDocumentPage"  # the legal register's document page (app label "portal")
DEFAULT_TOPICS = "Đất đai\nXây dựng, quy hoạch\nThủ tục hành chính\nChính sách xã hội\nGiáo dục, y tế\nKhác"


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


def unique_tracking_code() -> str:
    while True:  # 32**10 codes: a collision is astronomically rare, but cheap to rule out
        code = new_tracking_code()
        if not Question.objects.filter(tracking_code=code).exists():
            return code


def answer_deadline(received_at) -> date:
    """15 working days after the (local) day of receipt."""
    return add_working_days(timezone.localdate(received_at), ANSWER_WORKING_DAYS)


class QuestionIndexPage(PortalPageMixin, RoutablePageMixin, Page):
    """Public list of answered questions, the form to ask one and the status lookup by tracking code."""

    intro = RichTextField(_("giới thiệu"), blank=True)
    topics = models.TextField(
        _("lĩnh vực hỏi đáp"),
        default=DEFAULT_TOPICS,
        help_text=_("Mỗi dòng một lĩnh vực, hiện trong biểu mẫu đặt câu hỏi."),
    )
    receiving_unit = models.CharField(
        _("đơn vị tiếp nhận"), max_length=255, blank=True, help_text=_("Ví dụ: Văn phòng HĐND và UBND xã.")
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("topics"), FieldPanel("receiving_unit")]
    subpage_types: list[str] = []
    template = "participation/question_index_page.html"
    search_kind = Kind.QUESTION
    page_views = PageViews("participation.QuestionIndexPage")

    class Meta:
        verbose_name = _("trang hỏi đáp")
        verbose_name_plural = _("trang hỏi đáp")

    def topic_choices(self) -> list[str]:
        return [line.strip() for line in self.topics.splitlines() if line.strip()]

    # --- the page contract (core.page_contract): kind "question", the introduction as its text ---
    def summary_text(self) -> str:
        return strip_tags(self.intro)[:300]

    def body_text(self) -> str:
        return strip_tags(self.intro)

    def display_date(self):
        return self.last_published_at

    def question_url(self, question: Question, request=None) -> str:
        """The full address of one published question (its own canonical URL)."""
        return self.get_full_url(request) + self.reverse_subpage("detail", args=[question.pk])

    def get_sitemap_urls(self, request=None):
        """The page itself, then every published question (no alternates: questions are asked and
        answered in one language)."""
        entries = super().get_sitemap_urls(request)
        for question in Question.objects.public().filter(page=self).only("pk", "answered_at", "published_at"):
            entries.append(
                {
                    "location": self.question_url(question, request),
                    "lastmod": question.published_at or question.answered_at,
                    "alternates": [],
                }
            )
        return entries

    # Routes; their views live in participation.views.questions (thin, service-backed), which
    # registers them on ``page_views`` (the model does not import its views: they import it).
    @path("")
    def index_route(self, request):
        return self.page_views.call("index", self, request)

    @path("gui-cau-hoi/", name="ask")
    def ask_route(self, request):
        return self.page_views.call("ask", self, request)

    @path("gui-cau-hoi/da-tiep-nhan/", name="received")
    def received_route(self, request):
        return self.page_views.call("received", self, request)

    @path("tra-cuu/", name="status")
    def status_route(self, request):
        return self.page_views.call("status", self, request)

    @path("cau-hoi/<int:pk>/", name="detail")
    def detail_route(self, request, pk: int):
        return self.page_views.call("detail", self, request, pk)


class DeadlineState(models.TextChoices):
    """Where an open question stands against its deadline (the admin list's filter and marker)."""

    OVERDUE = "overdue", _("Quá hạn")
    DUE_SOON = "due_soon", _("Sắp đến hạn (≤ 2 ngày làm việc)")
    IN_TIME = "in_time", _("Còn hạn")


def soon_limit(today: date) -> date:
    """The last day that counts as "due soon": two working days from today."""
    return add_working_days(today, DUE_SOON_WORKING_DAYS)


class QuestionQuerySet(models.QuerySet):
    def public(self):
        """What may be shown to anyone: answered and published by an editor."""
        return self.filter(published=True, status=Question.Status.ANSWERED)

    def open(self):
        return self.exclude(status__in=Question.CLOSED)

    def with_due_date(self):
        """Annotate ``due``: the deadline, or the later date announced by a progress notice."""
        return self.annotate(due=Greatest("deadline", Coalesce("progress_new_date", "deadline")))

    def in_deadline_state(self, state: str):
        today = timezone.localdate()
        rows = self.open().with_due_date()
        if state == DeadlineState.OVERDUE:
            return rows.filter(due__lt=today)
        if state == DeadlineState.DUE_SOON:
            return rows.filter(due__gte=today, due__lte=soon_limit(today))
        if state == DeadlineState.IN_TIME:
            return rows.filter(due__gt=soon_limit(today))
        return self


class Question(ClusterableModel):
    class AskerKind(models.TextChoices):
        INDIVIDUAL = "individual", _("Cá nhân")
        ORGANISATION = "organisation", _("Tổ chức")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã tiếp nhận")
        ASSIGNED = "assigned", _("Đã chuyển đơn vị xử lý")
        PROGRESS = "progress", _("Đang xử lý (đã thông báo tiến độ)")
        ANSWERED = "answered", _("Đã trả lời")
        OUT_OF_SCOPE = "out_of_scope", _("Không thuộc phạm vi")

    CLOSED = (Status.ANSWERED, Status.OUT_OF_SCOPE)  # no answer is due any more

    page = models.ForeignKey(
        QuestionIndexPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        verbose_name=_("trang hỏi đáp"),
    )
    tracking_code = models.CharField(_("mã tra cứu"), max_length=16, unique=True, editable=False)
    asker_kind = models.CharField(
        _("người hỏi là"), max_length=16, choices=AskerKind.choices, default=AskerKind.INDIVIDUAL
    )
    asker_name = models.CharField(_("họ và tên / tên tổ chức"), max_length=200)
    asker_address = models.CharField(_("địa chỉ liên hệ"), max_length=300)
    asker_email = models.EmailField(_("thư điện tử"), blank=True)
    asker_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    topic = models.CharField(_("lĩnh vực"), max_length=200)
    title = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung câu hỏi"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    received_at = models.DateTimeField(_("ngày tiếp nhận"), default=timezone.now)
    deadline = models.DateField(_("hạn trả lời"))
    assigned_unit = models.CharField(_("đơn vị được giao"), max_length=255, blank=True)
    assigned_at = models.DateTimeField(_("ngày giao"), null=True, blank=True)
    progress_note = models.TextField(_("thông báo tiến độ"), blank=True)
    progress_at = models.DateTimeField(_("ngày thông báo tiến độ"), null=True, blank=True)
    progress_new_date = models.DateField(
        _("thời hạn trả lời mới"),
        null=True,
        blank=True,
        help_text=_("Bắt buộc khi thông báo tiến độ: ngày dự kiến trả lời, sau ngày hôm nay."),
    )
    out_of_scope_reason = models.TextField(
        _("lý do không thuộc phạm vi"),
        blank=True,
        help_text=_("Bắt buộc khi đánh dấu “Không thuộc phạm vi”; lý do được gửi cho người hỏi."),
    )
    out_of_scope_at = models.DateTimeField(_("ngày xác định không thuộc phạm vi"), null=True, blank=True)
    out_of_scope_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người xác định không thuộc phạm vi"),
    )
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_at = models.DateTimeField(_("ngày trả lời"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người trả lời"),
    )
    answering_unit = models.CharField(_("đơn vị trả lời"), max_length=255, blank=True)
    published = models.BooleanField(
        _("công bố hỏi đáp"),
        default=False,
        help_text=_("Chỉ câu hỏi đã trả lời mới được công bố; không bao giờ hiện thông tin cá nhân người hỏi."),
    )
    published_at = models.DateTimeField(_("ngày công bố"), null=True, blank=True)
    client_hash = models.CharField(max_length=32, blank=True, editable=False)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("câu hỏi của người dân")
        verbose_name_plural = _("câu hỏi của người dân")
        indexes = [models.Index(fields=["published", "status", "-answered_at"], name="question_public_idx")]
        # Step 3 of the board's workflow: a member drafts the answer, the deputy head or head publishes it.
        permissions = [("publish_question", _("Công bố câu trả lời"))]

    def __str__(self) -> str:
        return f"{self.tracking_code} — {self.title}"

    def save(self, *args, **kwargs):
        if not self.tracking_code:
            self.tracking_code = unique_tracking_code()
        if self.deadline is None:
            self.deadline = answer_deadline(self.received_at)
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED

    @property
    def due_date(self) -> date:
        """The deadline, or the later date a progress notice announced."""
        return max(self.deadline, self.progress_new_date) if self.progress_new_date else self.deadline

    @property
    def deadline_state(self) -> str:
        """One of DeadlineState for an open question, "" for a closed one."""
        if not self.is_open:
            return ""
        today = timezone.localdate()
        if self.due_date < today:
            return DeadlineState.OVERDUE
        if self.due_date <= soon_limit(today):
            return DeadlineState.DUE_SOON
        return DeadlineState.IN_TIME

    @property
    def deadline_marker(self) -> str:
        """The admin list's marker, in words (not colour only): overdue, due soon, in time."""
        state = self.deadline_state
        return str(DeadlineState(state).label) if state else "—"

    @property
    def is_overdue(self) -> bool:
        return self.deadline_state == DeadlineState.OVERDUE


class QuestionCitation(Orderable):
    """One legal document an answer cites (a page of ``CITABLE_PAGE_TYPE`` of the same site)."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="citations")
    document = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("văn bản được dẫn")
    )

    panels = [PageChooserPanel("document", page_type=CITABLE_PAGE_TYPE)]

    class Meta(Orderable.Meta):
        verbose_name = _("văn bản được dẫn trong câu trả lời")
        verbose_name_plural = _("văn bản được dẫn trong câu trả lời")

    def __str__(self) -> str:
        return str(self.document)
