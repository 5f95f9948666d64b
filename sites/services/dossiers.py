"""Public-service dossier results (D15): the home-page widget "Kết quả giải quyết TTHC"."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max, Sum
from wagtail.models import Page

from ..models.public_services import DossierStatistics


@dataclass(frozen=True)
class DossierSummary:
    year: int
    received: int
    processed: int
    on_time: int
    late: int
    updated_at: datetime.datetime | None

    @property
    def late_rate(self) -> float:
        """Percentage of processed dossiers that were late (one decimal)."""
        return round(100 * self.late / self.processed, 1) if self.processed else 0.0

    @property
    def on_time_rate(self) -> float:
        return round(100 * self.on_time / self.processed, 1) if self.processed else 0.0


def dossier_summary(root: Page | None = None, year: int | None = None) -> DossierSummary | None:
    """Totals over the live services beneath ``root`` for ``year`` (default: the latest year with data)."""
    rows = DossierStatistics.objects.filter(service__live=True)
    if root is not None:
        rows = rows.filter(service__path__startswith=root.path)
    if year is None:
        latest = rows.aggregate(latest=Max("period_end"))["latest"]
        if latest is None:
            return None
        year = latest.year
    totals = rows.filter(period_end__year=year).aggregate(
        received=Sum("received"),
        processed=Sum("processed"),
        on_time=Sum("on_time"),
        late=Sum("late"),
        updated_at=Max("updated_at"),
    )
    return DossierSummary(
        year=year,
        received=totals["received"] or 0,
        processed=totals["processed"] or 0,
        on_time=totals["on_time"] or 0,
        late=totals["late"] or 0,
        updated_at=totals["updated_at"],
    )
