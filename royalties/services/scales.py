"""Scales and amounts: the scale a site grades with (its own choice, else the province's default), and
an amount in whole đồng — a coefficient × the unit value, or the category's fixed amount, times the
category's percentage on component sites (commune, district) — rounded ROUND_HALF_UP. Decimal only."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.models import Tenant

from ..models import RoyaltyCategory, RoyaltyScale, SiteScale
from .errors import RoyaltyError

HUNDRED = Decimal("100")
COMPONENT_KINDS = (Tenant.Kind.DISTRICT, Tenant.Kind.COMMUNE)


def to_dong(value: Decimal) -> Decimal:
    """Whole đồng, half up (12 345,5 → 12 346)."""
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def decimal_of(value, label: str) -> Decimal:
    """A figure as a non-negative Decimal, else a RoyaltyError naming it (never a float)."""
    if isinstance(value, float):
        value = str(value)
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise RoyaltyError(_("%(label)s: “%(value)s” không phải là số.") % {"label": label, "value": value}) from None
    if not number.is_finite():
        raise RoyaltyError(_("%(label)s: “%(value)s” không phải là số.") % {"label": label, "value": value})
    if number < 0:
        raise RoyaltyError(_("%(label)s không được âm (đã nhập %(value)s).") % {"label": label, "value": number})
    return number


def is_component(tenant: Tenant) -> bool:
    return tenant.kind in COMPONENT_KINDS


def default_scale() -> RoyaltyScale | None:
    with schema_context(get_public_schema_name()):
        return RoyaltyScale.objects.filter(is_default=True).first()


def scale_for(tenant: Tenant) -> RoyaltyScale | None:
    """The site's chosen scale, else the province's default (None when the province has none)."""
    with schema_context(get_public_schema_name()):
        choice = SiteScale.objects.select_related("scale").filter(tenant=tenant).first()
        return choice.scale if choice else default_scale()


def chosen_scale(tenant: Tenant) -> RoyaltyScale | None:
    """The site's own choice only (None: it follows the default)."""
    with schema_context(get_public_schema_name()):
        choice = SiteScale.objects.select_related("scale").filter(tenant=tenant).first()
        return choice.scale if choice else None


def set_site_scale(tenant: Tenant, scale: RoyaltyScale | None) -> None:
    """Choose ``scale`` for the site; None: follow the province's default."""
    with schema_context(get_public_schema_name()):
        if scale is None:
            SiteScale.objects.filter(tenant=tenant).delete()
        else:
            SiteScale.objects.update_or_create(tenant=tenant, defaults={"scale": scale})


@transaction.atomic
def make_default(scale: RoyaltyScale) -> None:
    RoyaltyScale.objects.exclude(pk=scale.pk).filter(is_default=True).update(is_default=False)
    if not scale.is_default:
        scale.is_default = True
        scale.save(update_fields=["is_default"])


def categories_of(scale: RoyaltyScale) -> list[RoyaltyCategory]:
    with schema_context(get_public_schema_name()):
        return list(scale.categories.order_by("code"))


def check_category(
    min_coefficient: Decimal | None, max_coefficient: Decimal | None, fixed_amount: Decimal | None
) -> None:
    """A category has a coefficient range (min ≤ max) or a fixed amount, not both, none negative."""
    for value, label in (
        (min_coefficient, _("Hệ số tối thiểu")),
        (max_coefficient, _("Hệ số tối đa")),
        (fixed_amount, _("Mức cố định")),
    ):
        if value is not None:
            decimal_of(value, label)
    has_range = min_coefficient is not None or max_coefficient is not None
    if fixed_amount is not None and has_range:
        raise RoyaltyError(_("Chọn một trong hai: khoảng hệ số hoặc mức cố định, không cả hai."))
    if fixed_amount is None and (min_coefficient is None or max_coefficient is None):
        raise RoyaltyError(_("Cần nhập cả hệ số tối thiểu và tối đa, hoặc một mức cố định."))
    if has_range and min_coefficient > max_coefficient:
        raise RoyaltyError(_("Hệ số tối thiểu lớn hơn hệ số tối đa."))


@dataclass(frozen=True)
class Amount:
    coefficient: Decimal | None
    unit_value: Decimal | None
    percentage: Decimal
    amount: Decimal


def amount_for(scale: RoyaltyScale, category: RoyaltyCategory, coefficient, tenant: Tenant) -> Amount:
    """The amount of one grade line; a coefficient outside the category's range is refused."""
    percentage = (
        category.component_percentage if is_component(tenant) and category.component_percentage is not None else HUNDRED
    )
    if category.is_fixed:
        base, coefficient, unit = Decimal(category.fixed_amount), None, None
    else:
        if coefficient in (None, ""):
            raise RoyaltyError(_("Thể loại “%(name)s” cần một hệ số.") % {"name": category.name})
        coefficient = decimal_of(coefficient, _("Hệ số"))
        if not category.min_coefficient <= coefficient <= category.max_coefficient:
            raise RoyaltyError(
                _("Hệ số %(value)s ngoài khoảng %(low)s–%(high)s của thể loại “%(name)s”.")
                % {
                    "value": coefficient,
                    "low": category.min_coefficient,
                    "high": category.max_coefficient,
                    "name": category.name,
                }
            )
        unit = Decimal(scale.unit_value)
        base = coefficient * unit
    return Amount(coefficient, unit, Decimal(percentage), to_dong(base * Decimal(percentage) / HUNDRED))
