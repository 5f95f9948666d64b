"""Visitor counter (D19): online now, today, this week, total — Redis up, Redis down, daily persistence."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.test import override_settings
from django_tenants.utils import tenant_context
from redis.exceptions import RedisError

from participation.models import VisitDay
from participation.services import visitors
from tests.participation_helpers import CLOSED_PORT_CACHE, participation_keys

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("participation_redis")]
WEDNESDAY = date(2025, 11, 19)  # a Wednesday that is never the real today of a run


class _On:
    """Stands in for django.utils.timezone inside the visitor service: "today" is a chosen day."""

    def __init__(self, day: date):
        self.day = day

    def localdate(self, *_args):
        return self.day


def visit(client, host, ip="203.0.113.7", agent="Firefox", path="/"):
    return client.get(path, HTTP_HOST=host, REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)


def stats(tenant):
    with tenant_context(tenant):
        return visitors.visitor_stats()


def test_page_views_are_counted_per_distinct_visitor_and_per_site(client, citizen_site, make_tenant):
    other = make_tenant("huyenkhac", kind="district", parent=citizen_site.tenant)
    for ip in ("203.0.113.7", "203.0.113.7", "198.51.100.2"):
        assert visit(client, citizen_site.host, ip).status_code == 200
    visit(client, citizen_site.host, "198.51.100.2", agent="Googlebot/2.1")  # bots are not visitors
    visit(client, citizen_site.host, "198.51.100.9", path="/khong-co-trang-nay/")  # 404 is not a page view
    visit(client, citizen_site.host, "198.51.100.9", path="/admin/login/")  # nor the admin
    assert stats(citizen_site.tenant) == visitors.VisitorStats(online=2, today=2, week=2, total=2)
    assert stats(other) == visitors.VisitorStats(online=0, today=0, week=0, total=0)
    figures = client.get("/api/v1/visitors", HTTP_HOST=citizen_site.host)  # what the footer's script shows
    assert figures.json() == {"online": 2, "today": 2, "week": 2, "total": 2}
    with tenant_context(citizen_site.tenant):
        html = render_to_string("includes/visitor_counter.html")
    assert "Đang trực tuyến" in html and 'data-visitor-counter="/api/v1/visitors"' in html


def test_days_are_persisted_and_the_total_survives_losing_redis_data(client, citizen_site, monkeypatch):
    monkeypatch.setattr(visitors, "timezone", _On(WEDNESDAY - timedelta(days=1)))
    for n in range(3):
        visit(client, citizen_site.host, f"192.0.2.{n}")
    monkeypatch.setattr(visitors, "timezone", _On(WEDNESDAY))
    for n in range(2):
        visit(client, citizen_site.host, f"192.0.2.{10 + n}")
    # The first read of a new day (here: the footer of the first page shown that day) wrote yesterday into
    # PostgreSQL; the total = past days from PostgreSQL + today from Redis
    assert stats(citizen_site.tenant) == visitors.VisitorStats(online=5, today=2, week=5, total=5)
    with tenant_context(citizen_site.tenant):
        assert VisitDay.objects.get(date=WEDNESDAY - timedelta(days=1)).visits == 3
    visit(client, citizen_site.host, "192.0.2.20")
    out = StringIO()
    call_command("persist_visits", stdout=out)
    assert f"{citizen_site.tenant.schema_name}: 1" in out.getvalue()  # only today's running figure moved
    with tenant_context(citizen_site.tenant):
        assert dict(VisitDay.objects.values_list("date", "visits")) == {WEDNESDAY - timedelta(days=1): 3, WEDNESDAY: 3}
    clean_redis_data()
    # Redis lost everything: today restarts at 0, the past stays in PostgreSQL
    assert stats(citizen_site.tenant) == visitors.VisitorStats(online=0, today=0, week=0, total=3)


def clean_redis_data():
    from django.core.cache import caches

    client = caches["default"]._cache.get_client(write=True)
    client.delete(*participation_keys(client))


def test_celery_task_persists_every_site(client, citizen_site):
    from participation.tasks import persist_visitor_counts

    visit(client, citizen_site.host)
    written = persist_visitor_counts.apply().get()
    assert written[citizen_site.tenant.schema_name] == 1


def test_with_redis_down_pages_render_and_the_counter_says_not_available(client, citizen_site):
    with override_settings(CACHES={"default": CLOSED_PORT_CACHE}):
        response = visit(client, citizen_site.host, path="/hoi-dap/")
        assert response.status_code == 200
        assert stats(citizen_site.tenant) is None
        with tenant_context(citizen_site.tenant):
            links = render_to_string("includes/participation_links.html")
        figures = client.get("/api/v1/visitors", HTTP_HOST=citizen_site.host)
        assert figures.status_code == 503 and figures.json() == {"error": "Chưa có số liệu"}
        assert "Chưa có số liệu" in client.get("/thong-ke-truy-cap/", HTTP_HOST=citizen_site.host).content.decode()
        assert "/hoi-dap/#dat-cau-hoi" in links and "/danh-gia-trang/" in links
        with pytest.raises(CommandError, match="Redis"):
            call_command("persist_visits")
    # Redis is back (another location): counting resumes at once
    visit(client, citizen_site.host)
    assert stats(citizen_site.tenant).today == 1


def test_the_platform_cache_degrades_to_misses_when_redis_is_down():
    from django.core.cache import caches

    with override_settings(CACHES={"default": CLOSED_PORT_CACHE}):
        cache = caches["default"]
        assert cache.get("k", "fallback") == "fallback" and cache.get("k", default=7) == 7
        assert cache.add("k", 1) is False and cache.get_many(["k"]) == {} and cache.delete("k") is False
        cache.set("k", 1)  # no exception
        with pytest.raises(RedisError):
            cache.incr("k")  # callers decide (the rate limit lets the submission through)
