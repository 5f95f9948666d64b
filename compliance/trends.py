"""Month-by-month series of one site (and of the whole province) for the console's charts (issue 14 item 5): late items at the
last snapshot of each month, pages published per month, and questions received / answered / late per
month. Plain typed functions returning ``(label "MM/YYYY", value)`` lists; the console draws them.

Months are calendar months in the site's local time; a question counts in the month it was received
(answered or late as of today, with the same deadline rule as the D16 check)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, Max, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context
from wagtail.models import Page

from participation.models import Question
from tenants.models import Tenant
from tenants.tree import primary_hostnames
from workdays.deadlines import deadlines_for

from .checks.interaction import questions_in_time
from .context import CheckContext
from .findings import LATE
from .models import SiteSnapshot
from .snapshot_cache import snapshots_generation

Series = list[tuple[str, float]]

DEFAULT_MONTHS = 12


def month_starts(today: date, months: int = DEFAULT_MONTHS) -> list[date]:
    """The first day of the ``months`` calendar months ending with ``today``'s, oldest first."""
    year, month = today.year, today.month
    starts = []
    for _index in range(months):
        starts.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return starts[::-1]


def label(month: date) -> str:
    return f"{month:%m/%Y}"


def _local_month(moment: datetime) -> date:
    local = timezone.localtime(moment)
    return date(local.year, local.month, 1)


def late_per_month(history: list[SiteSnapshot]) -> Series:
    """Late items at the last snapshot of each month that has one (``history`` oldest first)."""
    months: dict[str, float] = {}
    for snapshot in history:
        months[snapshot.day.strftime("%m/%Y")] = float(snapshot.late_count)
    return list(months.items())


@dataclass(frozen=True)
class SiteTrends:
    publications: Series
    questions_received: Series
    questions_answered: Series
    questions_late: Series


def site_trends(tenant: Tenant, today: date | None = None, months: int = DEFAULT_MONTHS) -> SiteTrends:
    """The site's monthly publications and questions over the ``months`` months ending with ``today``."""
    today = today or timezone.localdate()
    starts = month_starts(today, months)
    low = timezone.make_aware(datetime.combine(starts[0], time.min))
    high = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    hostname = primary_hostnames([tenant]).get(tenant.pk, "")
    with tenant_context(tenant):
        published = Counter()
        rows = (
            Page.objects.live()
            .filter(depth__gt=2, first_published_at__gte=low, first_published_at__lt=high)
            .annotate(month=TruncMonth("first_published_at"))
            .values("month")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            published[_local_month(row["month"]) if isinstance(row["month"], datetime) else row["month"]] += row["n"]
        received, answered, late = Counter(), Counter(), Counter()
        month_of: dict[str, date] = {}
        for pk, received_at, status, answered_at in Question.objects.filter(
            received_at__gte=low, received_at__lt=high
        ).values_list("pk", "received_at", "status", "answered_at"):
            month = _local_month(received_at)
            month_of[f"participation.question:{pk}"] = month
            received[month] += 1
            if status == Question.Status.ANSWERED and answered_at is not None and answered_at < high:
                answered[month] += 1
        ctx = CheckContext(tenant=tenant, today=today, now=high, deadlines=deadlines_for(tenant), hostname=hostname)
        for item in questions_in_time(ctx).evidence:
            if item.status == LATE and item.object in month_of:
                late[month_of[item.object]] += 1

    def series(counts: Counter) -> Series:
        return [(label(month), float(counts[month])) for month in starts]

    return SiteTrends(series(published), series(received), series(answered), series(late))


# Score bands of the province's distribution chart: (lowest score of the band, label).
SCORE_BANDS = ((Decimal(95), "95–100"), (Decimal(85), "85–94"), (Decimal(70), "70–84"), (Decimal(50), "50–69"),
               (Decimal(0), "< 50"))  # fmt: skip


@dataclass(frozen=True)
class ProvinceTrends:
    average_score: Series
    late_items: Series
    score_bands: Series


def province_trends(today: date | None = None, months: int = DEFAULT_MONTHS) -> ProvinceTrends:
    """The province's series from the stored snapshots alone (no site's schema is read): per month, the
    mean score and the total of late items at the month's last snapshot day; and how many sites'
    latest score falls in each band. Kept in the cache until the next snapshot is stored
    (``snapshots_generation``), so the main dashboard costs the same at 60 or 3,000 sites."""
    today = today or timezone.localdate()
    return snapshots_generation.cached(
        f"province-trends:{today.isoformat()}:{months}", lambda: _province_trends(today, months), timeout=3600
    )


def _province_trends(today: date, months: int) -> ProvinceTrends:
    from .services import latest_rows

    start = month_starts(today, months)[0]
    with schema_context(get_public_schema_name()):
        last_days = (
            SiteSnapshot.objects.filter(day__gte=start, day__lte=today)
            .values(month=TruncMonth("day"))
            .annotate(last=Max("day"))
            .values_list("last", flat=True)
        )
        per_day = (
            SiteSnapshot.objects.filter(day__in=list(last_days))
            .values("day")
            .annotate(average=Avg("score"), late=Sum("late_count"))
            .order_by("day")
        )
        average = [(label(row["day"]), round(float(row["average"]), 1)) for row in per_day]
        late = [(label(row["day"]), float(row["late"])) for row in per_day]
        bounds = [
            (low, high) for (low, _name), (high, _above) in zip(SCORE_BANDS, [(None, None), *SCORE_BANDS], strict=False)
        ]
        bands = latest_rows().aggregate(
            **{
                f"band{index}": Count("pk", filter=Q(score__gte=low) & (Q(score__lt=high) if high is not None else Q()))
                for index, (low, high) in enumerate(bounds)
            }
        )
    counts = {name: float(bands[f"band{index}"]) for index, (_low, name) in enumerate(SCORE_BANDS)}
    return ProvinceTrends(average, late, [(name, counts[name]) for _low, name in reversed(SCORE_BANDS)])
