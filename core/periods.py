"""Reporting periods (a year ``2026``, a half ``2026-H1``, a quarter ``2026-Q3``, a month ``2026-07``)
as first and last day, and the day bounds of a period as aware datetimes: one parser for every report
(compliance's activity reports, royalties' statements)."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from django.utils import timezone


class PeriodError(ValueError):
    pass


def period_bounds(text: str) -> tuple[date, date]:
    """First and last day of ``2026``, ``2026-H1``, ``2026-Q3`` or ``2026-07``."""
    match = re.fullmatch(r"(\d{4})(?:-(?:(Q[1-4])|(H[12])|(\d{2})))?", text.strip().upper())
    if not match:
        raise PeriodError(f"Kỳ báo cáo “{text}” không hợp lệ (expected 2026, 2026-H1, 2026-Q3 or 2026-07).")
    year, quarter, half, month = match.groups()
    year = int(year)
    if quarter:
        first, months = 3 * (int(quarter[1]) - 1) + 1, 3
    elif half:
        first, months = 6 * (int(half[1]) - 1) + 1, 6
    elif month:
        first, months = int(month), 1
        if not 1 <= first <= 12:
            raise PeriodError(f"Tháng “{text}” không hợp lệ (no such month).")
    else:
        first, months = 1, 12
    start = date(year, first, 1)
    end_month = first + months
    end = date(year + (end_month > 12), (end_month - 1) % 12 + 1, 1) - timedelta(days=1)
    return start, end


def aware_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period's first instant and the first instant after it, in the project's time zone."""
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), zone),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone),
    )
