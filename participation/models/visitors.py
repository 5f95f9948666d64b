"""Daily visitor counts of a site (D19), persisted from Redis by a beat task / manage.py command."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitDay(models.Model):
    date = models.DateField(_("ngày"), unique=True)
    visits = models.PositiveIntegerField(_("lượt truy cập"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("lượt truy cập theo ngày")
        verbose_name_plural = _("lượt truy cập theo ngày")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.visits}"
