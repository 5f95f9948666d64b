"""The units a site forwards citizens' questions to (đơn vị xử lý) and each forwarding.

The list is the site's own (each site is its own schema), kept by the editorial board in the admin; a
unit that no longer takes questions is marked inactive rather than deleted, so the forwardings that
name it keep their history. A forwarding records which unit, who forwarded, when, and when the unit's
e-mail notice went out (``participation.services.forwarding``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProcessingUnit(models.Model):
    name = models.CharField(_("tên đơn vị"), max_length=255, unique=True)
    email = models.EmailField(_("thư điện tử nhận câu hỏi"))
    active = models.BooleanField(
        _("đang nhận câu hỏi"),
        default=True,
        help_text=_("Bỏ chọn khi đơn vị không còn nhận câu hỏi chuyển đến; lịch sử chuyển vẫn được giữ."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("đơn vị xử lý")
        verbose_name_plural = _("đơn vị xử lý")

    def __str__(self) -> str:
        return self.name if self.active else str(_("%(name)s (ngừng nhận câu hỏi)") % {"name": self.name})


class QuestionForwarding(models.Model):
    question = models.ForeignKey(
        "participation.Question", on_delete=models.CASCADE, related_name="forwardings", verbose_name=_("câu hỏi")
    )
    unit = models.ForeignKey(
        ProcessingUnit, on_delete=models.PROTECT, related_name="forwardings", verbose_name=_("đơn vị xử lý")
    )
    note = models.TextField(_("đề nghị gửi đơn vị"), blank=True)
    forwarded_at = models.DateTimeField(_("ngày chuyển"), default=timezone.now)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người chuyển"),
    )
    notified_at = models.DateTimeField(_("ngày gửi thư báo đơn vị"), null=True, blank=True)

    class Meta:
        ordering = ["-forwarded_at", "-pk"]
        verbose_name = _("lần chuyển câu hỏi đến đơn vị")
        verbose_name_plural = _("các lần chuyển câu hỏi đến đơn vị")

    def __str__(self) -> str:
        return f"{self.question_id} → {self.unit}"
