"""Royalty scales of the province (public schema), edited by province IT in the console: a scale's
coefficient unit in VND and its categories (a coefficient range or a fixed amount, an optional
percentage on component sites), and the scale each site uses (default: the province's default)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

NOT_NEGATIVE = [MinValueValidator(Decimal("0"), message=_("Không được nhập số âm."))]


class RoyaltyScale(models.Model):
    name = models.CharField(_("tên khung"), max_length=200, unique=True)
    unit_value = models.DecimalField(
        _("giá trị một hệ số (đồng)"), max_digits=14, decimal_places=0, validators=NOT_NEGATIVE
    )
    is_default = models.BooleanField(_("khung mặc định của tỉnh"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("khung nhuận bút")
        verbose_name_plural = _("khung nhuận bút")
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="royalties_one_default"),
            models.CheckConstraint(condition=Q(unit_value__gte=0), name="royalties_unit_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class RoyaltyCategory(models.Model):
    """A kind of work (tin, bài viết, ảnh, dịch, đăng văn bản…): a coefficient range or a fixed amount."""

    scale = models.ForeignKey(RoyaltyScale, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(_("mã"), max_length=32)
    name = models.CharField(_("tên thể loại"), max_length=200)
    min_coefficient = models.DecimalField(
        _("hệ số tối thiểu"), max_digits=8, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    max_coefficient = models.DecimalField(
        _("hệ số tối đa"), max_digits=8, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    fixed_amount = models.DecimalField(
        _("mức cố định (đồng)"), max_digits=14, decimal_places=0, null=True, blank=True, validators=NOT_NEGATIVE
    )
    component_percentage = models.DecimalField(
        _("tỷ lệ áp dụng ở trang thành phần (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[*NOT_NEGATIVE, MaxValueValidator(Decimal("100"), message=_("Tỷ lệ không quá 100%."))],
        help_text=_("Trang của xã, huyện: số tiền nhân với tỷ lệ này. Để trống: 100%."),
    )

    class Meta:
        ordering = ["scale", "code"]
        verbose_name = _("thể loại nhuận bút")
        verbose_name_plural = _("thể loại nhuận bút")
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="royalties_category_code_unique"),
            models.CheckConstraint(
                condition=(
                    Q(fixed_amount__isnull=True, min_coefficient__isnull=False, max_coefficient__isnull=False)
                    | Q(fixed_amount__isnull=False, min_coefficient__isnull=True, max_coefficient__isnull=True)
                ),
                name="royalties_category_range_or_fixed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def is_fixed(self) -> bool:
        return self.fixed_amount is not None


class SiteScale(models.Model):
    """The scale a site grades with, chosen by province IT on the console's site page."""

    tenant = models.OneToOneField("tenants.Tenant", on_delete=models.CASCADE, related_name="royalty_scale")
    scale = models.ForeignKey(RoyaltyScale, on_delete=models.PROTECT, related_name="sites", verbose_name=_("khung"))

    class Meta:
        verbose_name = _("khung nhuận bút của trang")
        verbose_name_plural = _("khung nhuận bút của trang")

    def __str__(self) -> str:
        return f"{self.tenant} → {self.scale}"
