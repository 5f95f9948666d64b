"""Demo of nhuận bút (issue 15 item 4): the province's default royalty scale, as a provincial decision
would set it (one coefficient unit = 10% of the base salary of 2,340,000 đồng; commune sites pay 70%),
and on every site the head's grades of the news of the last weeks, graded today, so the site's statement
of the current month (``manage.py royalties statement PATH --period YYYY-MM``, or the head's
"Nhuận bút" screen) has lines."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from core.editorial_board import HEAD_GROUP
from royalties.grading.models import Grade
from royalties.models import RoyaltyCategory, RoyaltyScale
from royalties.services.grading import GradeLine, grade_page, pages_to_grade
from royalties.services.people import contributors_of
from sites.models import NewsPage
from tenants.models import Tenant

from ..province import DemoSite
from .content import news_slug
from .variety import NEWS_COUNT

DEMO_NEWS_SLUGS = [news_slug(number) for number in range(NEWS_COUNT)]

SCALE_NAME = "Khung nhuận bút Cổng TTĐT tỉnh Phú Thọ"
UNIT_VALUE = Decimal("234000")  # 10% of the base salary (2,340,000 đồng since 1/7/2024)
COMMUNE_SHARE = Decimal("70")
# code, name, min, max coefficient or fixed amount
CATEGORIES = (
    ("tin", "Tin", Decimal("1"), Decimal("3"), None),
    ("bai-viet", "Bài viết", Decimal("3"), Decimal("10"), None),
    ("anh", "Ảnh", Decimal("0.5"), Decimal("2"), None),
    ("dich", "Dịch", Decimal("1"), Decimal("4"), None),
    ("dang-van-ban", "Đăng văn bản", None, None, Decimal("20000")),
)
# The category and coefficient of each contributor's role on a news item.
NEWS_LINES = {
    "author": ("tin", Decimal("1.5")),
    "photographer": ("anh", Decimal("0.5")),
    "translator": ("dich", Decimal("1")),
}


def province_scale() -> RoyaltyScale:
    """The province's default scale (public schema), created once."""
    with schema_context(get_public_schema_name()):
        scale, created = RoyaltyScale.objects.get_or_create(
            name=SCALE_NAME, defaults={"unit_value": UNIT_VALUE, "is_default": True}
        )
        if created:
            for code, name, low, high, fixed in CATEGORIES:
                RoyaltyCategory.objects.create(
                    scale=scale,
                    code=code,
                    name=name,
                    min_coefficient=low,
                    max_coefficient=high,
                    fixed_amount=fixed,
                    component_percentage=COMMUNE_SHARE,
                )
        return scale


def recent_grades(tenant: Tenant, site: DemoSite) -> None:
    """The head grades the demo's news first published since the start of last month, once: a site
    that has grades is left as it is (so a second load, or pages published since by anyone, change
    nothing)."""
    province_scale()
    head = get_user_model().objects.filter(groups__name=HEAD_GROUP, is_active=True).first()
    if head is None or Grade.objects.exists():
        return
    today = timezone.localdate()
    start = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    news = NewsPage.objects.filter(pk__in=pages_to_grade(start, today).values("pk"), slug__in=DEMO_NEWS_SLUGS)
    for page in news:
        lines = [
            GradeLine(person, *NEWS_LINES[person.role]) for person in contributors_of(page) if person.role in NEWS_LINES
        ]
        if lines:
            grade_page(page, lines, head, tenant, when=timezone.now())
