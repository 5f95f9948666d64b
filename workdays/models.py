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
