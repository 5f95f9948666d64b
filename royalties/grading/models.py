"""One grade line per contributor of a published page: the category, the coefficient, and the amount
computed when graded (with the scale's figures of that day, so a later change of the scale never
rewrites what was graded). An unpublished page's grades get ``revoked_at``; they are never deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Grade(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="royalty_grades", verbose_name=_("trang")
    )
    page_title = models.CharField(_("tiêu đề"), max_length=255)
    contributor = models.CharField(_("người hưởng"), max_length=200)
    role = models.CharField(_("vai trò"), max_length=32, blank=True)
    category_code = models.CharField(_("mã thể loại"), max_length=32)
    category_name = models.CharField(_("thể loại"), max_length=200)
    coefficient = models.DecimalField(_("hệ số"), max_digits=8, decimal_places=2, null=True, blank=True)
    unit_value = models.DecimalField(_("giá trị một hệ số (đồng)"), max_digits=14, decimal_places=0, null=True)
    percentage = models.DecimalField(_("tỷ lệ (%)"), max_digits=5, decimal_places=2, default=100)
    amount = models.DecimalField(_("số tiền (đồng)"), max_digits=14, decimal_places=0)
    graded_at = models.DateTimeField(_("thời điểm chấm"))
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người chấm")
    )
    revoked_at = models.DateTimeField(_("thời điểm thu hồi"), null=True, blank=True)

    class Meta:
        ordering = ["graded_at", "pk"]
        verbose_name = _("dòng chấm nhuận bút")
        verbose_name_plural = _("dòng chấm nhuận bút")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "contributor", "role"],
                condition=Q(revoked_at__isnull=True),
                name="royalties_one_live_grade_per_contributor",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="royalties_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.page_title} — {self.contributor}: {self.amount}"
