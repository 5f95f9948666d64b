"""One row per merge run (public schema): what was asked, the dry-run preview it ran, and its log."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MergeJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Chờ chạy")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    sources = models.JSONField(_("đơn vị nguồn"), default=list)  # tree paths
    target = models.CharField(_("đơn vị đích"), max_length=255)  # tree path (of the new site when created)
    request = models.JSONField(_("yêu cầu"), default=dict)  # the arguments of plan_merge
    plan = models.JSONField(_("bản xem trước"), default=dict)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    log = models.TextField(_("nhật ký"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lần sáp nhập")
        verbose_name_plural = _("các lần sáp nhập")

    def __str__(self) -> str:
        return f"{', '.join(self.sources)} → {self.target} ({self.status})"
