"""Public holidays and swapped working Saturdays: data that province IT keeps up to date.

A working day is Monday–Friday unless it is a ``PublicHoliday`` (holidays, compensatory days off and
swapped days off are all listed as their own rows), plus any ``CompensatoryWorkday`` (a Saturday or
Sunday worked in exchange for a swapped day off).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicHoliday(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Ngày lễ, Tết")
        COMPENSATORY = "compensatory", _("Nghỉ bù (lễ trùng ngày nghỉ hằng tuần)")
        SWAPPED = "swapped", _("Nghỉ hoán đổi (làm bù ngày khác)")

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên ngày nghỉ"), max_length=200)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.HOLIDAY)
    note = models.CharField(_("ghi chú / căn cứ"), max_length=300, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày nghỉ lễ")
        verbose_name_plural = _("ngày nghỉ lễ")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.name}"

    def save(self, *args, **kwargs):
        self.name, self.note = self.name.strip(), self.note.strip()
        super().save(*args, **kwargs)


class CompensatoryWorkday(models.Model):
    """A weekend day on which civil servants work (làm bù) in exchange for a swapped day off."""

    date = models.DateField(_("ngày làm bù"), unique=True)
    name = models.CharField(_("lý do"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày làm bù")
        verbose_name_plural = _("ngày làm bù")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.name}"

    def save(self, *args, **kwargs):
        self.name = self.name.strip()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.date and self.date.weekday() < 5:
            raise ValidationError(
                {"date": _("Ngày làm bù phải là thứ Bảy hoặc Chủ nhật (a make-up working day must be a weekend day).")}
            )


class DeadlineKind(models.TextChoices):
    """What a posting deadline applies to (D35); its unit and the regulations' default are in ``DEADLINE_DEFAULTS``."""

    DOCUMENT = "document", _("Văn bản (kể từ ngày ban hành hoặc nhận đề nghị đăng)")
    NEWS = "news", _("Tin tức, sự kiện (kể từ ngày diễn ra)")
    CONFERENCE = "conference", _("Hội nghị sơ kết, tổng kết, hội thảo (kể từ ngày kết thúc)")
    LAW = "law", _("Phổ biến pháp luật (kể từ ngày văn bản, chính sách ban hành)")
    PLAN = "plan", _("Chiến lược, quy hoạch, kế hoạch (kể từ ngày phê duyệt)")
    PROJECT = "project", _("Dự án, đầu tư, đấu thầu (kể từ ngày phê duyệt)")
    STATISTICS = "statistics", _("Thông tin thống kê (kể từ ngày quyết định công bố)")
    SCIENCE = "science", _("Chương trình, đề tài khoa học (kể từ ngày phê duyệt, nghiệm thu)")
    QUESTION = "question", _("Trả lời hỏi đáp hoặc thông báo tiến độ (kể từ ngày tiếp nhận)")
    WITHDRAWAL = "withdrawal", _("Gỡ bỏ văn bản theo đề nghị (giờ, kể từ khi nhận đề nghị)")


# kind → (default, unit): working days unless the unit is "hours" (Sơn Hùng Art. 7, Lạc Long Art. 8,
# Kiên Giang Art. 16, Quang Khai Art. 6–7; DESIGN.md D35). Used when the province has set no default.
WORKING_DAYS, HOURS = "working_days", "hours"
DEADLINE_DEFAULTS: dict[str, tuple[int, str]] = {
    DeadlineKind.DOCUMENT: (2, WORKING_DAYS),
    DeadlineKind.NEWS: (1, WORKING_DAYS),
    DeadlineKind.CONFERENCE: (2, WORKING_DAYS),
    DeadlineKind.LAW: (15, WORKING_DAYS),
    DeadlineKind.PLAN: (10, WORKING_DAYS),
    DeadlineKind.PROJECT: (10, WORKING_DAYS),
    DeadlineKind.STATISTICS: (10, WORKING_DAYS),
    DeadlineKind.SCIENCE: (20, WORKING_DAYS),
    DeadlineKind.QUESTION: (15, WORKING_DAYS),
    DeadlineKind.WITHDRAWAL: (4, HOURS),
}


class PostingDeadline(models.Model):
    """One posting deadline: the province default (no ``tenant``) or one site's override of it
    (each site's own regulation differs, e.g. documents the same day, 1 or 2 working days)."""

    tenant = models.ForeignKey(
        "tenants.Tenant",
        verbose_name=_("trang"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Để trống: mặc định của tỉnh."),
    )
    kind = models.CharField(_("loại thông tin"), max_length=16, choices=DeadlineKind.choices)
    value = models.PositiveSmallIntegerField(_("thời hạn"), help_text=_("Số ngày làm việc (gỡ bỏ văn bản: số giờ)."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["tenant_id", "kind"]
        verbose_name = _("thời hạn đăng tải")
        verbose_name_plural = _("thời hạn đăng tải")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "kind"], name="posting_deadline_per_site"),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(tenant__isnull=True), name="posting_deadline_province_default"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"
