"""Working-day arithmetic for legal deadlines (e.g. a citizen's question answered within 15 working days).

The calendar (holiday and make-up working-day dates) is read from the public schema and kept in the
shared cache under one platform-wide key; any change to the data drops that key. With the cache down
the calendar is read from PostgreSQL, so deadlines are never wrong, only slower.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_tenants.utils import schema_context

from .models import CompensatoryWorkday, PublicHoliday

log = logging.getLogger(__name__)
CACHE_KEY = "workdays:calendar:v1"
CACHE_SECONDS = 3600
MAX_SPAN_DAYS = 3 * 366  # a guard against a nonsensical n


@dataclass(frozen=True)
class Calendar:
    holidays: frozenset[date]
    workdays: frozenset[date]

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


def _load() -> Calendar:
    with schema_context("public"):
        return Calendar(
            holidays=frozenset(PublicHoliday.objects.values_list("date", flat=True)),
            workdays=frozenset(CompensatoryWorkday.objects.values_list("date", flat=True)),
        )


_held: ContextVar[Calendar | None] = ContextVar("workdays_calendar_held", default=None)


@contextlib.contextmanager
def calendar_held() -> Iterator[Calendar]:
    """One calendar for a unit of work that computes many deadlines (e.g. one site's compliance
    checks): read once at the start instead of once per deadline."""
    token = _held.set(get_calendar())
    try:
        yield _held.get()
    finally:
        _held.reset(token)


def get_calendar() -> Calendar:
    """The current calendar: the one held by ``calendar_held``, else from the shared cache, else from
    the database (and cached)."""
    held = _held.get()
    if held is not None:
        return held
    try:
        with schema_context("public"):
            cached = cache.get(CACHE_KEY)
    except Exception:  # cache down: the database is the source of truth anyway
        log.warning("workdays: cache unavailable, reading the calendar from the database")
        return _load()
    if cached is not None:
        return cached
    calendar = _load()
    try:
        with schema_context("public"):
            cache.set(CACHE_KEY, calendar, CACHE_SECONDS)
    except Exception:
        pass
    return calendar


def invalidate_calendar() -> None:
    try:
        with schema_context("public"):
            cache.delete(CACHE_KEY)
    except Exception:
        log.warning("workdays: cache unavailable, calendar key not dropped (expires by itself)")


@receiver(post_save, sender=PublicHoliday)
@receiver(post_delete, sender=PublicHoliday)
@receiver(post_save, sender=CompensatoryWorkday)
@receiver(post_delete, sender=CompensatoryWorkday)
def _calendar_changed(**_kwargs) -> None:
    invalidate_calendar()


def is_working_day(day: date) -> bool:
    return get_calendar().is_working_day(day)


def add_working_days(start: date, n: int) -> date:
    """The day on which ``n`` working days after ``start`` have passed (``start`` itself not counted).

    A question received on Friday with n=1 is due on Monday (or the next working day after a holiday).
    ``n=0`` returns ``start`` unchanged.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    calendar = get_calendar()
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
        if (day - start).days > MAX_SPAN_DAYS:
            raise ValueError("n is too large for the working-day calendar")
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days ``d`` with ``start < d <= end`` (negative when ``end`` is before ``start``)."""
    if end < start:
        return -working_days_between(end, start)
    if (end - start).days > MAX_SPAN_DAYS * 10:
        raise ValueError("span too large")
    calendar = get_calendar()
    return sum(
        1 for offset in range(1, (end - start).days + 1) if calendar.is_working_day(start + timedelta(days=offset))
    )
