"""Citizen ratings: storing one, and the results per month (averages and counts)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Avg, Count
from django.db.models.functions import TruncMonth

from ..models import SiteRating
from ..models.ratings import CRITERIA


def submit_rating(data: dict, client_hash: str = "") -> SiteRating:
    with transaction.atomic():
        return SiteRating.objects.create(
            client_hash=client_hash, comment=data.get("comment", ""), **{name: int(data[name]) for name in CRITERIA}
        )


def monthly_results(months: int | None = 12) -> list[dict]:
    """Newest month first: ``month`` (date of its 1st day, local time), ``count``, the average of
    each criterion and ``overall`` (mean of the four averages), rounded to 2 decimals."""
    rows = (
        SiteRating.objects.annotate(month=TruncMonth("submitted_at"))
        .values("month")
        .annotate(count=Count("id"), **{name: Avg(name) for name in CRITERIA})
        .order_by("-month")
    )
    if months:
        rows = rows[:months]
    results = []
    for row in rows:
        averages = {name: round(float(row[name]), 2) for name in CRITERIA}
        results.append(
            {
                "month": row["month"].date() if hasattr(row["month"], "date") else row["month"],
                "count": row["count"],
                **averages,
                "overall": round(sum(averages.values()) / len(averages), 2),
            }
        )
    return results
