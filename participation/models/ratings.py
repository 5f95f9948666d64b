"""Citizen rating of the site's information (D23, Decree 42/2022 Art. 8)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SCORE = [MinValueValidator(1), MaxValueValidator(5)]
CRITERIA = {
    "interface": _("Giao diện"),
    "content": _("Nội dung thông tin"),
    "quality": _("Chất lượng thông tin"),
    "support": _("Hỗ trợ người dùng"),
}


class SiteRating(models.Model):
    interface = models.PositiveSmallIntegerField(CRITERIA["interface"], validators=SCORE)
    content = models.PositiveSmallIntegerField(CRITERIA["content"], validators=SCORE)
    quality = models.PositiveSmallIntegerField(CRITERIA["quality"], validators=SCORE)
    support = models.PositiveSmallIntegerField(CRITERIA["support"], validators=SCORE)
    comment = models.TextField(_("góp ý thêm"), blank=True)
    submitted_at = models.DateTimeField(_("ngày đánh giá"), default=timezone.now, db_index=True)
    client_hash = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("đánh giá của người dân")
        verbose_name_plural = _("đánh giá của người dân")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    interface__range=(1, 5), content__range=(1, 5), quality__range=(1, 5), support__range=(1, 5)
                ),
                name="site_rating_scores_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.submitted_at:%d/%m/%Y} — {self.interface}/{self.content}/{self.quality}/{self.support}"
