"""Province-wide glossary and translation memory (public schema: shared by every tenant)."""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import nfc

from .text import match_key


def source_hash(text: str) -> str:
    return hashlib.sha256(nfc(text).strip().encode()).hexdigest()


class GlossaryTerm(models.Model):
    """A Vietnamese administrative term and its official English, maintained by province IT."""

    vi = models.CharField(_("thuật ngữ tiếng Việt"), max_length=200)
    en = models.CharField(_("thuật ngữ tiếng Anh"), max_length=200)
    en_attributive = models.CharField(
        _("dạng bổ nghĩa tiếng Anh"),
        max_length=100,
        blank=True,
        help_text=_("Khi đứng trước danh từ khác, ví dụ “tỉnh” → “Provincial” (Provincial People's Committee)."),
    )
    is_level = models.BooleanField(
        _("là cấp hành chính"),
        default=False,
        help_text=_("Tên riêng đứng trước trong tiếng Anh, ví dụ “xã Sơn Hùng” → “Son Hung Commune”."),
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    key = models.CharField(max_length=200, unique=True, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["vi"]
        verbose_name = _("thuật ngữ")
        verbose_name_plural = _("bảng thuật ngữ")

    def __str__(self) -> str:
        return f"{self.vi} → {self.en}"

    def save(self, *args, **kwargs):
        self.vi = " ".join(self.vi.split())
        self.en = " ".join(self.en.split())
        self.en_attributive = self.en_attributive.strip()
        self.key = match_key(self.vi)
        super().save(*args, **kwargs)


class TranslationMemory(models.Model):
    """A segment some tenant has translated (exact-match memory for every other tenant).

    Each row carries its source site: a site's translation never overwrites or deletes another
    site's; a lookup prefers the asking site's own row, then its parents', then the newest."""

    source_language = models.CharField(_("ngôn ngữ nguồn"), max_length=10, default="vi")
    target_language = models.CharField(_("ngôn ngữ đích"), max_length=10, default="en")
    source_hash = models.CharField(max_length=64, editable=False)
    source_text = models.TextField(_("văn bản nguồn"))
    target_text = models.TextField(_("bản dịch"))
    source_tenant = models.ForeignKey(
        "tenants.Tenant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("đơn vị đã dịch"),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("bộ nhớ dịch")
        verbose_name_plural = _("bộ nhớ dịch")
        constraints = [
            models.UniqueConstraint(
                fields=["source_tenant", "source_language", "target_language", "source_hash"],
                name="translation_memory_unique_source_per_site",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_text[:60]} → {self.target_text[:60]}"

    def save(self, *args, **kwargs):
        self.source_text = nfc(self.source_text).strip()  # the hash below is taken of the stored (NFC) text
        self.target_text = self.target_text.strip()
        self.source_hash = source_hash(self.source_text)
        super().save(*args, **kwargs)
