"""Grading by the head of the board (Trưởng ban): one line per contributor of a *published* page,
its amount computed from the site's scale and stored; the pages of a period still to grade; the
revocation of an unpublished page's grades (kept, with ``revoked_at``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name
from wagtail.models import Page

from core.editorial_board import HEAD_GROUP
from core.periods import aware_bounds
from tenants.models import Tenant

from ..grading.models import Grade
from .errors import RoyaltyError
from .people import Person
from .scales import amount_for, categories_of, scale_for

CONTENT_DEPTH = 3  # below the tree root (1) and the site's home page (2)


def is_head(user) -> bool:
    """Only the head of the board grades and sees the statements."""
    return bool(user.is_active and user.groups.filter(name=HEAD_GROUP).exists())


@dataclass(frozen=True)
class GradeLine:
    person: Person
    category_code: str
    coefficient: Decimal | str | None = None


def live_grades() -> QuerySet[Grade]:
    return Grade.objects.filter(revoked_at__isnull=True)


def pages_to_grade(start: date, end: date) -> QuerySet[Page]:
    """Published pages first published in the period that have no live grade."""
    low, high = aware_bounds(start, end)
    return (
        Page.objects.live()
        .filter(depth__gte=CONTENT_DEPTH, first_published_at__gte=low, first_published_at__lt=high)
        .exclude(pk__in=live_grades().filter(page__isnull=False).values("page_id"))
        .order_by("first_published_at", "pk")
    )


def grades_between(start: date, end: date) -> QuerySet[Grade]:
    low, high = aware_bounds(start, end)
    return Grade.objects.filter(graded_at__gte=low, graded_at__lt=high).select_related("page")


def check_gradable(page: Page) -> None:
    """Only a published page that has no live grade is graded."""
    if not page.live:
        raise RoyaltyError(
            _("Trang “%(title)s” chưa xuất bản: chỉ chấm nhuận bút trang đã xuất bản.") % {"title": page.title}
        )
    if live_grades().filter(page=page).exists():
        raise RoyaltyError(_("Trang “%(title)s” đã được chấm.") % {"title": page.title})


@transaction.atomic
def grade_page(page: Page, lines: list[GradeLine], by, tenant: Tenant, when: datetime | None = None) -> list[Grade]:
    """Store the page's grade lines; nothing is stored when one line is refused."""
    check_gradable(page)
    if not lines:
        raise RoyaltyError(_("Chưa có dòng chấm nào."))
    scale = scale_for(tenant)
    if scale is None:
        raise RoyaltyError(_("Chưa có khung nhuận bút: CNTT tỉnh cần chọn khung mặc định."))
    categories = {category.code: category for category in categories_of(scale)}
    when = when or timezone.now()
    grades = []
    for line in lines:
        category = categories.get(line.category_code)
        if category is None:
            raise RoyaltyError(
                _("Không có thể loại “%(code)s” trong khung “%(scale)s”.")
                % {"code": line.category_code, "scale": scale.name}
            )
        figure = amount_for(scale, category, line.coefficient, tenant)
        grades.append(
            Grade(
                page=page,
                page_title=page.title,
                contributor=line.person.name,
                role=line.person.role,
                category_code=category.code,
                category_name=category.name,
                coefficient=figure.coefficient,
                unit_value=figure.unit_value,
                percentage=figure.percentage,
                amount=figure.amount,
                graded_at=when,
                graded_by=by,
            )
        )
    return Grade.objects.bulk_create(grades)


def revoke_grades(page: Page, when: datetime | None = None) -> int:
    """The page left publication: its live grades are revoked (never deleted)."""
    if connection.schema_name == get_public_schema_name():
        return 0
    return live_grades().filter(page_id=page.pk).update(revoked_at=when or timezone.now())
