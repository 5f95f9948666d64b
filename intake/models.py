"""Material sent to the editorial board through the public "Gửi tin, bài" form, and its files.

A submission is received 24/7 and stored before anything else is attempted; the board then assigns it
to a member, refuses it with a reason, or accepts it as an unpublished draft page (the page keeps the
sender as its author). Files live on the private storage (``intake.storage``), never under MEDIA."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .storage import get_private_storage

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: read aloud over the phone
TRACKING_LENGTH = 10


def unique_tracking_code() -> str:
    while True:
        code = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))
        if not Submission.objects.filter(tracking_code=code).exists():
            return code


class Submission(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", _("Tin")
        ARTICLE = "article", _("Bài viết")
        PHOTO = "photo", _("Ảnh")
        DOCUMENT = "document", _("Văn bản")
        OTHER = "other", _("Ý kiến khác")

    class Status(models.TextChoices):
        NEW = "new", _("Mới nhận")
        ASSIGNED = "assigned", _("Đã giao xử lý")
        ACCEPTED = "accepted", _("Đã nhận làm bản nháp")
        REFUSED = "refused", _("Từ chối")

    tracking_code = models.CharField(_("mã tra cứu"), max_length=16, unique=True, editable=False)
    sender_name = models.CharField(_("người gửi"), max_length=200)
    sender_email = models.EmailField(_("thư điện tử"), max_length=254, blank=True)
    sender_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    organisation = models.CharField(_("cơ quan, đơn vị"), max_length=200, blank=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"), max_length=20000)
    received_at = models.DateTimeField(_("thời điểm nhận"), default=timezone.now, editable=False)
    client_hash = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.NEW)
    refusal_reason = models.TextField(_("lý do từ chối"), blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("giao cho"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intake_submissions",
    )
    handled_at = models.DateTimeField(_("thời điểm xử lý"), null=True, blank=True, editable=False)
    draft_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("bản nháp đã tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("tin, bài gửi đến")
        verbose_name_plural = _("tin, bài gửi đến")
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(sender_email="", sender_phone=""), name="intake_submission_has_contact"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused", refusal_reason=""), name="intake_refusal_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} — {self.title}"

    def save(self, *args, **kwargs):
        if not self.tracking_code:
            self.tracking_code = unique_tracking_code()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not (self.sender_email or self.sender_phone):
            raise ValidationError(_("Cần ít nhất thư điện tử hoặc số điện thoại của người gửi."))
        if self.status == self.Status.REFUSED and not (self.refusal_reason or "").strip():
            raise ValidationError({"refusal_reason": _("Từ chối phải nêu rõ lý do.")})


def attachment_path(instance: Attachment, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"intake/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


class Attachment(models.Model):
    submission = models.ForeignKey(
        Submission, verbose_name=_("tin, bài"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("tệp"), upload_to=attachment_path, storage=get_private_storage, max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.original_name


@receiver(post_delete, sender=Attachment)
def delete_attachment_file(sender, instance: Attachment, **_kwargs) -> None:
    """A deleted attachment (or submission) leaves no file behind on the private storage."""
    if instance.file:
        instance.file.delete(save=False)
