"""Visitor counter (D19): online now, today, this week, total — live in Redis, persisted daily.

Per site (tenant-prefixed keys): a sorted set of visitor fingerprints seen in the last 5 minutes
(online now) and a HyperLogLog per local day (distinct visitors of the day = the day's visits). Past
days are copied into ``VisitDay`` rows by ``persist_all_sites()`` (Celery beat, ``manage.py
persist_visits``) and by the first read of a new day; the total is the database's past days plus today.
When Redis is unreachable nothing is counted, the widget says "Chưa có số liệu", and the page still
renders; after a failure Redis is not retried for ``RETRY_AFTER`` seconds (no slowdown per request).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache, caches
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from core.client import client_ip
from core.ratelimit import fingerprint

from ..models import VisitDay

log = logging.getLogger(__name__)

ONLINE_WINDOW = 300  # seconds: "online now"
DAY_KEY_TTL = 40 * 24 * 3600
PERSIST_DAYS = 35  # days looked back by each persistence run
RETRY_AFTER = 15.0  # seconds without trying Redis after a failure
_down_until: dict[str, float] = {}


class CounterUnavailable(Exception):
    pass


@dataclass(frozen=True)
class VisitorStats:
    online: int
    today: int
    week: int
    total: int


def _location() -> str:
    return str(settings.CACHES["default"].get("LOCATION", ""))


def _redis():
    """A Redis client of the default cache (same server, timeouts and tenant-aware key function)."""
    if _down_until.get(_location(), 0.0) > time.monotonic():
        raise CounterUnavailable("redis recently unreachable")
    client_holder = getattr(caches["default"], "_cache", None)
    if client_holder is None or not hasattr(client_holder, "get_client"):
        raise CounterUnavailable("the default cache is not Redis")
    return client_holder.get_client(write=True)


def _failed(error: Exception) -> None:
    _down_until[_location()] = time.monotonic() + RETRY_AFTER
    log.warning("participation: visitor counter unavailable (%s)", error)


def _key(name: str) -> str:
    return cache.make_key(f"participation:visitors:{name}")


def _day_key(day: date) -> str:
    return _key(f"day:{day.isoformat()}")


def record_visit(request: HttpRequest) -> bool:
    """Count this request's visitor in the current site; False when Redis is unavailable."""
    visitor = fingerprint(client_ip(request), request.META.get("HTTP_USER_AGENT", ""))
    now = time.time()
    day_key = _day_key(timezone.localdate())
    try:
        pipe = _redis().pipeline(transaction=False)
        pipe.zadd(_key("online"), {visitor: now})
        pipe.zremrangebyscore(_key("online"), "-inf", now - ONLINE_WINDOW)
        pipe.expire(_key("online"), ONLINE_WINDOW * 2)
        pipe.pfadd(day_key, visitor)
        pipe.expire(day_key, DAY_KEY_TTL)
        pipe.execute()
    except CounterUnavailable:
        return False
    except Exception as error:  # redis errors, timeouts, refused connections
        _failed(error)
        return False
    return True


def visitor_stats() -> VisitorStats | None:
    """The four figures of the current site, or None when they are not available."""
    today = timezone.localdate()
    week_days = [today - timedelta(days=offset) for offset in range(today.weekday(), -1, -1)]
    now = time.time()
    try:
        client = _redis()
        pipe = client.pipeline(transaction=False)
        pipe.zremrangebyscore(_key("online"), "-inf", now - ONLINE_WINDOW)
        pipe.zcard(_key("online"))
        for day in week_days:
            pipe.pfcount(_day_key(day))
        pipe.get(_key(f"past-total:{today.isoformat()}"))
        results = pipe.execute()
        online, day_counts, past_total = results[1], results[2:-1], results[-1]
        if past_total is None:
            past_total = _past_total(client, today)
    except CounterUnavailable:
        return None
    except Exception as error:
        _failed(error)
        return None
    today_count = day_counts[-1]
    return VisitorStats(online=online, today=today_count, week=sum(day_counts), total=int(past_total) + today_count)


def _past_total(client, today: date) -> int:
    """Visits of every day before today: bring the database up to date first, then remember the sum."""
    persist_site(client, today)
    total = VisitDay.objects.filter(date__lt=today).aggregate(total=Sum("visits"))["total"] or 0
    client.set(_key(f"past-total:{today.isoformat()}"), total, ex=2 * 24 * 3600)
    return total


def persist_site(client=None, today: date | None = None) -> int:
    """Copy the daily counts of the current site from Redis into ``VisitDay``; returns rows written.

    A day's row never goes down (Redis may have lost a key); today's row is a running figure.
    """
    client = client or _redis()
    today = today or timezone.localdate()
    days = [today - timedelta(days=offset) for offset in range(PERSIST_DAYS, -1, -1)]
    pipe = client.pipeline(transaction=False)
    for day in days:
        pipe.pfcount(_day_key(day))
    counts = dict(zip(days, pipe.execute(), strict=True))
    written = 0
    existing = dict(VisitDay.objects.filter(date__in=days).values_list("date", "visits"))
    for day, count in counts.items():
        if count and count > existing.get(day, 0):
            VisitDay.objects.update_or_create(date=day, defaults={"visits": count})
            written += 1
    if written:
        client.delete(_key(f"past-total:{today.isoformat()}"))
    return written


def persist_all_sites() -> dict[str, int]:
    """Run ``persist_site`` in every active site; returns rows written per schema."""
    from tenants.tree import active_sites

    written: dict[str, int] = {}
    with schema_context("public"):
        tenants = list(active_sites())
    for tenant in tenants:
        with tenant_context(tenant):
            try:
                written[tenant.schema_name] = persist_site()
            except CounterUnavailable:
                raise
            except Exception as error:
                _failed(error)
                raise CounterUnavailable(str(error)) from error
    return written
