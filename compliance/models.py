"""A daily snapshot of every site's compliance (public schema), so a site's score and its late items
can be followed month by month; the latest snapshot is what dashboards and roll-ups read."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteSnapshot(models.Model):
    tenant = models.ForeignKey(
        "tenants.Tenant", verbose_name=_("trang"), on_delete=models.CASCADE, related_name="compliance_snapshots"
    )
    day = models.DateField(_("ngày"))
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=1)
    group_scores = models.JSONField(_("điểm theo nhóm tiêu chí"), default=dict)
    counts = models.JSONField(_("số nghĩa vụ theo trạng thái"), default=dict)
    missing_count = models.PositiveIntegerField(_("số nghĩa vụ thiếu"), default=0)
    late_count = models.PositiveIntegerField(_("số mục đăng muộn"), default=0)
    report = models.JSONField(_("kết quả chi tiết"), default=dict)
    computed_at = models.DateTimeField(_("thời điểm tính"))

    class Meta:
        ordering = ["-day", "tenant_id"]
        verbose_name = _("kết quả kiểm tra tuân thủ")
        verbose_name_plural = _("kết quả kiểm tra tuân thủ")
        constraints = [models.UniqueConstraint(fields=["tenant", "day"], name="compliance_snapshot_per_day")]
        indexes = [models.Index(fields=["day", "score"], name="compliance_snapshot_day_idx")]

    def __str__(self) -> str:
        return f"{self.tenant_id} {self.day:%d/%m/%Y}: {self.score}"
