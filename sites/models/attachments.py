"""Text extracted from attached files (search inside attachments): one row per Wagtail document, kept
beside the document — not in page revisions — and filled in the background (``sites.tasks``)."""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import fold

_PUNCTUATION = re.compile(r"[^\w\s/-]")


def text_key(text: str) -> str:
    """The matching key of a text: folded (``core.text.fold``: no diacritics, lower case, single spaces)
    with punctuation turned into spaces, so "hồ sơ (đăng ký), hộ tịch" holds "dang ky ho tich"; ``/`` and
    ``-`` stay (document numbers such as 43/2011/NĐ-CP)."""
    return fold(_PUNCTUATION.sub(" ", text or ""))


class TextStatus(models.TextChoices):
    PENDING = "pending", _("Đang trích xuất nội dung")
    OK = "ok", _("Đã trích xuất nội dung")
    NO_TEXT = "no_text", _("Tệp dạng ảnh quét, không có lớp chữ: không tìm được theo nội dung")
    TOO_LARGE = "too_large", _("Tệp quá lớn để trích xuất nội dung")
    TIMEOUT = "timeout", _("Trích xuất nội dung quá thời gian cho phép")
    UNREADABLE = "unreadable", _("Không đọc được nội dung tệp (hỏng, có mật khẩu hoặc sai định dạng)")
    UNSUPPORTED = "unsupported", _("Định dạng tệp không hỗ trợ trích xuất nội dung")


class AttachmentText(models.Model):
    """The text of one stored file (``file_name``: the stored name it was read from; a new upload under
    the same document is read again), its key (:func:`text_key`) for diacritics-insensitive matching, and the
    outcome — a scanned PDF is ``no_text``, a file past the limits ``too_large`` / ``timeout``."""

    document = models.OneToOneField(
        "wagtaildocs.Document", verbose_name=_("tệp"), on_delete=models.CASCADE, related_name="extracted_text"
    )
    file_name = models.CharField(_("tên tệp lưu trữ"), max_length=255)
    status = models.CharField(
        _("trạng thái trích xuất"), max_length=12, choices=TextStatus.choices, default=TextStatus.PENDING
    )
    text = models.TextField(_("nội dung"), blank=True)
    folded = models.TextField(_("nội dung không dấu"), blank=True, editable=False)
    pages = models.IntegerField(_("số trang"), null=True, blank=True)
    extracted_at = models.DateTimeField(_("thời điểm trích xuất"), null=True, blank=True)

    class Meta:
        verbose_name = _("nội dung tệp đính kèm")
        verbose_name_plural = _("nội dung tệp đính kèm")

    def __str__(self) -> str:
        return f"{self.file_name}: {self.status}"

    def save(self, *args, **kwargs):
        self.folded = text_key(self.text)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "text" in update_fields:  # update_or_create names only its defaults
            kwargs["update_fields"] = {*update_fields, "folded"}
        super().save(*args, **kwargs)

    def search_pages(self) -> list[int]:
        """Pages whose search entry carries this text (the province-wide search re-reads them)."""
        files = self._meta.apps.get_model("portal", "LegalDocumentFile").objects  # (legal.py imports this module)
        return list(files.filter(document_id=self.document_id).values_list("page_id", flat=True))
