"""Legal document register (D6): documents, their files, withdrawal audit, and the search tool page."""

from __future__ import annotations

import hashlib

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from contributors.models import Credited, contributor_panel
from core.kinds import Kind
from core.page_views import PageViews

from ..blocks import BodyBlock
from ..classified import classified_marker, file_text
from ..signatures import SIGNED_STATES, SignatureState, trust_roots_fingerprint, verify_file
from .attachments import AttachmentText, TextStatus
from .base import PortalPage, SuppliedSection, plain_text, stream_text

# Files of a legal document: only these formats (D6), at most DOCUMENT_MAX_UPLOAD_MB megabytes.
LEGAL_FILE_EXTENSIONS = ("pdf", "doc", "docx", "odt")


def legal_file_max_bytes() -> int:
    return int(getattr(settings, "DOCUMENT_MAX_UPLOAD_MB", 20)) * 1024 * 1024


WITHDRAWAL_DEADLINE_HOURS = 4


class DocumentStatus(models.TextChoices):
    IN_FORCE = "in_force", _("Còn hiệu lực")
    NOT_YET = "not_yet", _("Chưa có hiệu lực")
    EXPIRED = "expired", _("Hết hiệu lực")
    REPLACED = "replaced", _("Bị thay thế")
    WITHDRAWN = "withdrawn", _("Đã thu hồi")


class LegalDocumentIndexPage(SuppliedSection, PortalPage):
    """Văn bản pháp luật: the document search tool (filters on every field + free text, sortable,
    paginated, bookmarkable GET URLs)."""

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")] + SuppliedSection.supplying_panels
    subpage_types = ["portal.LegalDocumentPage"]
    template = "sites/legal_document_index_page.html"

    page_views = PageViews("portal.LegalDocumentIndexPage")

    class Meta:
        verbose_name = _("hệ thống văn bản")

    def summary_text(self) -> str:
        return self.search_description or plain_text(self.intro)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The search form and its results (sites.views: the form and service import these models).
        self.page_views.call("register", self, request, context)
        return context


MARKER_NAMES = {"mat": "Mật", "toi mat": "Tối mật", "tuyet mat": "Tuyệt mật", "Độ mật": "Độ mật"}


def classified_error(marker: str) -> str:
    return _(
        "Văn bản mang dấu chỉ độ mật (“%(marker)s”) không được đăng trên cổng thông tin điện tử: "
        "chỉ đăng văn bản được phép công khai."
    ) % {"marker": MARKER_NAMES.get(marker, marker)}


class LegalDocumentPageForm(WagtailAdminPageForm):
    """The admin form of a legal document: the uploader confirms, on every save, that it is public."""

    confirm_public = forms.BooleanField(
        label=_("Tôi xác nhận văn bản này không chứa bí mật nhà nước và được phép công khai"),
        required=True,
        error_messages={"required": _("Phải xác nhận văn bản được phép công khai trước khi lưu.")},
    )

    def clean(self):
        # Wagtail defers required fields when a draft is saved; the confirmation is asked on every save.
        cleaned_data = super().clean()
        if not cleaned_data.get("confirm_public") and "confirm_public" not in self.errors:
            self.add_error("confirm_public", self.fields["confirm_public"].error_messages["required"])
        return cleaned_data


class LegalDocumentPage(Credited, PortalPage):
    """One legal document: type, issuing body, number/symbol, dates, summary (trích yếu), signer,
    field, files, status (in force / expired / replaced / withdrawn) and the consultation of a draft."""

    search_kind = Kind.DOCUMENT
    citation_related = ("doc_type", "issuing_body")  # read by ``search_meta``

    doc_type = models.ForeignKey(
        "portal.DocumentType", verbose_name=_("loại văn bản"), on_delete=models.PROTECT, related_name="+"
    )
    issuing_body = models.ForeignKey(
        "portal.IssuingBody", verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("số, ký hiệu"), max_length=60, db_index=True, help_text=_("Ví dụ: 09/QĐ-BBT"))
    issue_date = models.DateField(_("ngày ban hành"), db_index=True)
    posting_request_date = models.DateField(
        _("ngày nhận đề nghị đăng tải"),
        null=True,
        blank=True,
        help_text=_("Văn bản do đơn vị khác gửi đăng: hạn đăng tính từ ngày này; để trống: tính từ ngày ban hành."),
    )
    effective_date = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    expiry_date = models.DateField(_("ngày hết hiệu lực"), null=True, blank=True)
    summary = models.TextField(_("trích yếu"), max_length=2000)
    signer = models.CharField(_("người ký"), max_length=200)
    field = models.ForeignKey(
        "portal.Sector", verbose_name=_("lĩnh vực"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("tình trạng hiệu lực"),
        max_length=16,
        choices=DocumentStatus.choices,
        default=DocumentStatus.IN_FORCE,
        db_index=True,
    )
    replaced_by = models.ForeignKey(
        "portal.LegalDocumentPage",
        verbose_name=_("văn bản thay thế"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    is_draft = models.BooleanField(_("dự thảo lấy ý kiến"), default=False)
    consultation_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("trang lấy ý kiến"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Với dự thảo: trang lấy ý kiến nhân dân (D8)."),
    )
    gazette_issue = models.ForeignKey(
        "portal.GazetteIssue",
        verbose_name=_("đăng trên công báo số"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text=_("Số công báo (cấp tỉnh) đã đăng văn bản này; để trống nếu chưa đăng công báo."),
    )
    gazette_page_from = models.PositiveIntegerField(_("từ trang"), null=True, blank=True)
    gazette_page_to = models.PositiveIntegerField(_("đến trang"), null=True, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("toàn văn"), blank=True)
    withdrawn_at = models.DateTimeField(_("thời điểm thu hồi"), null=True, blank=True, editable=False)

    search_fields = Page.search_fields + [
        index.SearchField("number", boost=5),
        index.SearchField("summary"),
        index.SearchField("signer"),
        index.FilterField("status"),
        index.FilterField("issue_date"),
    ]
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("doc_type"), FieldPanel("number")]),
                FieldRowPanel([FieldPanel("issuing_body"), FieldPanel("signer")]),
                FieldRowPanel([FieldPanel("issue_date"), FieldPanel("effective_date"), FieldPanel("expiry_date")]),
                FieldPanel("field"),
                FieldPanel("posting_request_date"),
            ],
            heading=_("Thông tin văn bản"),
        ),
        FieldPanel("summary"),
        InlinePanel("files", label=_("tệp văn bản"), help_text=_("Chỉ nhận PDF, DOC, DOCX, ODT.")),
        MultiFieldPanel(
            [FieldPanel("status"), PageChooserPanel("replaced_by", "portal.LegalDocumentPage")], heading=_("Hiệu lực")
        ),
        MultiFieldPanel([FieldPanel("is_draft"), PageChooserPanel("consultation_page")], heading=_("Dự thảo")),
        MultiFieldPanel(
            [
                FieldPanel("gazette_issue"),
                FieldRowPanel([FieldPanel("gazette_page_from"), FieldPanel("gazette_page_to")]),
            ],
            heading=_("Công báo"),
        ),
        FieldPanel("body"),
        InlinePanel("corrections", label=_("đính chính"), heading=_("Đính chính")),
        contributor_panel(),
        FieldPanel("confirm_public", heading=_("Xác nhận công khai")),
    ]
    base_form_class = LegalDocumentPageForm
    override_translatable_fields = [
        SynchronizedField("number"),
        SynchronizedField("signer"),
        TranslatableField("summary"),
    ]
    parent_page_types = ["portal.LegalDocumentIndexPage"]
    subpage_types: list[str] = []
    template = "sites/legal_document_page.html"

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")

    def clean(self):
        super().clean()
        errors = {}
        if self.effective_date and self.issue_date and self.effective_date < self.issue_date:
            errors["effective_date"] = _("Ngày có hiệu lực không được trước ngày ban hành.")
        if self.expiry_date and self.effective_date and self.expiry_date < self.effective_date:
            errors["expiry_date"] = _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")
        if self.status == DocumentStatus.REPLACED and not self.replaced_by_id:
            errors["replaced_by"] = _("Văn bản bị thay thế phải chỉ rõ văn bản thay thế.")
        if self.replaced_by_id and self.pk and self.replaced_by_id == self.pk:
            errors["replaced_by"] = _("Văn bản không thể tự thay thế chính nó.")
        if self.status == DocumentStatus.WITHDRAWN and not self.withdrawn_at:
            errors["status"] = _("Dùng chức năng “Thu hồi văn bản” để thu hồi (có ghi lại lý do và người thực hiện).")
        if self.withdrawn_at and self.status != DocumentStatus.WITHDRAWN:
            errors["status"] = _("Văn bản đã thu hồi không thể đổi lại tình trạng hiệu lực.")
        errors.update(self.gazette_errors())
        refusal = self.type_refusal()
        if refusal:
            errors["doc_type"] = refusal
        for name, symbol in (("number", True), ("title", False), ("summary", False)):
            marker = classified_marker(getattr(self, name) or "", symbol=symbol)
            if marker:
                errors[name] = classified_error(marker)
        if errors:
            raise ValidationError(errors)

    def type_refusal(self) -> str:
        """Why the document may not be posted: a new document (or a changed type or body) must be of a type
        its issuing body posts (the appendices of the coordination regulation, editable per body) — checked
        on every save (admin form, services, demo), not only in the admin. Empty when it may."""
        if not self.doc_type_id or not self.issuing_body_id:
            return ""
        if self.pk:
            stored = LegalDocumentPage.objects.filter(pk=self.pk).values("doc_type_id", "issuing_body_id").first()
            if stored == {"doc_type_id": self.doc_type_id, "issuing_body_id": self.issuing_body_id}:
                return ""
        body = self.issuing_body
        if body.allows(self.doc_type):
            return ""
        return _(
            "“%(body)s” không đăng loại văn bản “%(type)s” trên cổng thông tin điện tử (danh mục văn bản "
            "theo Quy chế phối hợp đăng tải văn bản): cơ quan này đăng %(allowed)s."
        ) % {"body": body.name, "type": self.doc_type.name, "allowed": ", ".join(body.allowed_type_names())}

    def gazette_errors(self) -> dict:
        """The page range needs an issue, starts at a page and does not run backwards."""
        start, end = self.gazette_page_from, self.gazette_page_to
        if (start or end) and not self.gazette_issue_id:
            return {"gazette_issue": _("Ghi số trang công báo thì phải chọn số công báo.")}
        if end and not start:
            return {"gazette_page_from": _("Phải ghi trang bắt đầu khi có trang kết thúc.")}
        if start == 0 or end == 0:
            return {"gazette_page_from": _("Số trang công báo bắt đầu từ 1.")}
        if start and end and end < start:
            return {"gazette_page_to": _("Trang kết thúc không được nhỏ hơn trang bắt đầu.")}
        return {}

    def gazette_pages(self) -> str:
        """``tr. 5–12`` (or ``tr. 5``) of the gazette issue; empty without a page."""
        start, end = self.gazette_page_from, self.gazette_page_to
        if not start:
            return ""
        return (
            _("tr. %(start)s–%(end)s") % {"start": start, "end": end}
            if end and end != start
            else _("tr. %(start)s") % {"start": start}
        )

    @property
    def is_withdrawn(self) -> bool:
        return self.status == DocumentStatus.WITHDRAWN

    def last_correction(self):
        return max(self.corrections.all(), key=lambda c: c.corrected_at, default=None)

    def public_files(self):
        """Downloadable files: none once the document is withdrawn."""
        return [] if self.is_withdrawn else [f for f in self.files.all() if f.document_id]

    def is_publicly_findable(self) -> bool:
        return not self.is_withdrawn

    def summary_text(self) -> str:
        return self.summary

    def body_text(self) -> str:
        return f"{self.number} {self.signer} {stream_text(self, 'body')}"

    def attachment_text(self) -> str:
        """Text read from the document's files (search inside attachments); none once withdrawn."""
        if self.is_withdrawn:
            return ""
        ids = [f.document_id for f in self.files.all() if f.document_id]
        texts = AttachmentText.objects.filter(document_id__in=ids, status=TextStatus.OK).order_by("document_id")
        return "\n\n".join(texts.values_list("text", flat=True))

    def display_date(self):
        return self.issue_date

    def dc_date(self):
        return self.issue_date  # DC.date of a legal document: the day it was issued

    def search_meta(self) -> dict:
        return {
            "doc_number": self.number,
            "doc_type": self.doc_type.name if self.doc_type_id else "",
            "issuing_body": self.issuing_body.name if self.issuing_body_id else "",
            "doc_status": self.status,
        }

    def dc_subjects(self) -> list[str]:
        return [
            name
            for name in (self.doc_type.name if self.doc_type_id else "", self.field.name if self.field_id else "")
            if name
        ]

    def dc_publisher(self) -> str:
        return self.issuing_body.name if self.issuing_body_id else ""


def read_file(document) -> bytes:
    """The stored bytes of a Wagtail document (``b""`` when the file is missing)."""
    try:
        with document.file.open("rb") as handle:
            return handle.read()
    except (OSError, ValueError):
        return b""


def validate_not_classified(document) -> None:
    """Refuse a file whose text carries a secrecy marker (see :mod:`sites.classified`); unreadable → allowed."""
    if document is None or not document.file:
        return
    marker = classified_marker(file_text(document.file.name or "", read_file(document)))
    if marker:
        raise ValidationError(classified_error(marker), code="classified")


def validate_legal_file(document) -> None:
    """A legal document's file must be PDF/DOC/DOCX/ODT and within the size limit (clear Vietnamese message)."""
    if document is None:
        return
    name = document.file.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in LEGAL_FILE_EXTENSIONS:
        raise ValidationError(
            _("Tệp “%(name)s” không được chấp nhận: văn bản chỉ nhận tệp PDF, DOC, DOCX hoặc ODT."),
            params={"name": name.rsplit("/", 1)[-1]},
            code="legal_file_type",
        )
    size = document.file_size or 0
    if size > legal_file_max_bytes():
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s MB); dung lượng tối đa là %(max)s MB."),
            params={
                "name": name.rsplit("/", 1)[-1],
                "size": round(size / 1048576, 1),
                "max": legal_file_max_bytes() // 1048576,
            },
            code="legal_file_size",
        )


class LegalDocumentFile(Orderable):
    """A downloadable file of a legal document (hidden once the document is withdrawn)."""

    page = ParentalKey(LegalDocumentPage, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("tệp"), on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(_("tên hiển thị"), max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    size = models.BigIntegerField(_("dung lượng (byte)"), null=True, blank=True, editable=False)
    hashed_name = models.CharField(max_length=255, blank=True, editable=False)
    signature_state = models.CharField(
        _("chữ ký số"), max_length=12, choices=SignatureState.choices, blank=True, editable=False, db_index=True
    )
    signatures = models.JSONField(_("các chữ ký số"), default=list, blank=True, editable=False)
    # Fingerprint of the trust roots the signature verdict was made under (sites.signatures).
    trust_roots = models.CharField(max_length=64, blank=True, editable=False)

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("tệp văn bản")
        verbose_name_plural = _("tệp văn bản")

    def clean(self):
        super().clean()
        try:
            validate_legal_file(self.document if self.document_id else None)
            validate_not_classified(self.document if self.document_id else None)
        except ValidationError as error:
            raise ValidationError({"document": error.messages}) from error

    def compute_facts(self) -> None:
        """SHA-256, size and digital signatures of the attached file, computed once per stored file (its
        name): pages show what is stored, never verify per request (``sites.signatures``)."""
        if not self.document_id or not self.document.file:
            return
        name = self.document.file.name
        if self.sha256 and self.signature_state and self.hashed_name == name and self.verdict_is_current():
            return
        content = read_file(self.document)
        if content:
            self.sha256, self.size, self.hashed_name = hashlib.sha256(content).hexdigest(), len(content), name
            self.record_signatures(verify_file(name, content))

    def verdict_is_current(self) -> bool:
        """Whether the stored verdict was made under today's trust roots (a signed file's only)."""
        return self.signature_state not in SIGNED_STATES or self.trust_roots == trust_roots_fingerprint()

    def record_signatures(self, report) -> None:
        """Keep a verdict with the fingerprint of the trust roots it was made under."""
        self.signature_state, self.signatures = report.state, report.signatures
        self.trust_roots = trust_roots_fingerprint() if report.state in SIGNED_STATES else ""

    def text_record(self) -> AttachmentText | None:
        """What reading this file's text gave (search inside attachments), ``None`` before it was queued."""
        return AttachmentText.objects.filter(document_id=self.document_id).first() if self.document_id else None

    @property
    def is_signed(self) -> bool:
        return self.signature_state not in ("", SignatureState.NONE)

    def signature_records(self) -> list[dict]:
        """The stored signatures with their signing time as a datetime (for the page's ``<time>``)."""
        from django.utils.dateparse import parse_datetime

        return [
            {
                **record,
                "signed_at": parse_datetime(record["signed_at"]) if record.get("signed_at") else None,
                "label": SignatureState(record["state"]).label,
            }
            for record in self.signatures or []
        ]

    def save(self, *args, **kwargs):
        self.compute_facts()
        super().save(*args, **kwargs)


class DocumentCorrection(Orderable):
    """Đính chính (Quang Khai Art. 7): what was corrected in a published document, why, by whom and when."""

    page = ParentalKey(LegalDocumentPage, on_delete=models.CASCADE, related_name="corrections")
    corrected_at = models.DateTimeField(_("thời điểm đính chính"), default=timezone.now)
    what_changed = models.TextField(_("nội dung đính chính"), max_length=2000)
    reason = models.TextField(_("lý do"), max_length=2000)
    corrected_by = models.CharField(_("người / đơn vị đính chính"), max_length=200)

    panels = [
        FieldRowPanel([FieldPanel("corrected_at"), FieldPanel("corrected_by")]),
        FieldPanel("what_changed"),
        FieldPanel("reason"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("đính chính")
        verbose_name_plural = _("đính chính")

    def __str__(self) -> str:
        return f"{self.corrected_at:%d/%m/%Y} — {self.corrected_by}"


class DocumentWithdrawal(models.Model):
    """Audit history of withdrawals (D6): who withdrew which document, when and why."""

    page = models.ForeignKey(
        LegalDocumentPage, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="withdrawals"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thu hồi"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("tài khoản"), max_length=150)
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    reason = models.TextField(_("lý do"), max_length=2000)
    request_received_at = models.DateTimeField(_("thời điểm nhận yêu cầu"), null=True, blank=True)
    requesting_unit = models.CharField(_("đơn vị yêu cầu"), max_length=200, blank=True)
    revision = models.ForeignKey("wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-at"]
        verbose_name = _("lịch sử thu hồi văn bản")
        verbose_name_plural = _("lịch sử thu hồi văn bản")

    def __str__(self) -> str:
        return f"{self.page.number} — {self.at:%d/%m/%Y %H:%M} — {self.username}"

    def hours_after_request(self) -> float | None:
        """Hours from the request to the withdrawal (``None`` when the request time is not recorded)."""
        if not self.request_received_at or not self.at:
            return None
        return (self.at - self.request_received_at).total_seconds() / 3600

    def within_deadline(self) -> bool | None:
        """D6: a withdrawal is due within WITHDRAWAL_DEADLINE_HOURS (4) of the request."""
        hours = self.hours_after_request()
        return None if hours is None else hours <= WITHDRAWAL_DEADLINE_HOURS
