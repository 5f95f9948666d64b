#!/usr/bin/env python
"""Benchmark (prints figures, not a test) of the console's site register with many sites (issue 11):
server time of ``GET /don-vi/`` (first page, a search, a filtered page) with N tenant rows, their domains
and figures in the public schema. Everything is written inside one transaction that is rolled back, so
any migrated database will do (e.g. a kept test database):

    DATABASE_URL=postgres://…/test_congttdt .venv/bin/python bench/console.py [--sites 3500] [--rounds 40]

Target: p95 ≤ 200 ms per request. Then, in the same rolled-back transaction, the re-parent of a former
district with ``--subtree`` communes (each with ``--entries`` search entries) from one province to another
through ``tenants.services.restructure.move_tenant`` — the service the console's action calls; target ≤ 10 s.
The merge of two communes is ``bench/console_merge.py``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_P95_MS = 200.0
TARGET_REPARENT_S = 10.0


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=3500)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--subtree", type=int, default=30, help="communes under the district that moves")
    parser.add_argument("--entries", type=int, default=300, help="search entries per moved commune")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client
    from django_tenants.utils import schema_context

    from console.models import SiteFigures
    from core.text import fold
    from search.models import Entry
    from tenants.models import Tenant
    from tenants.services.restructure import move_tenant
    from tests.console_helpers import register_rows, verified_login

    settings.ALLOWED_HOSTS = ["*"]
    timings: dict[str, list[float]] = {}
    try:
        with schema_context("public"), transaction.atomic():
            province = Tenant.objects.create(
                schema_name="bench_p", name="Tỉnh Thử", slug="benchp", kind="province", path="benchp"
            )
            communes = register_rows(province, args.sites, "Xã Thử Nghiệm {i:04d}", "bench_", 4, suspended_every=50)
            SiteFigures.objects.bulk_create(
                SiteFigures(tenant=t, editors=3, pages=120, search_key=fold(f"{t.name} {t.path}")) for t in communes
            )
            user = get_user_model().objects.create_user("bench_console", password="x", is_staff=True)
            client = verified_login(Client(), user)
            cases = {
                "first page": {},
                "search 'xa thu nghiem 3141'": {"q": "xa thu nghiem 3141"},
                "status=suspended, page 2": {"status": "suspended", "trang": 2},
                "page 60": {"trang": 60},
            }
            host = {"HTTP_HOST": settings.PLATFORM_HOST}
            client.get("/don-vi/", **host)  # routing table and template caches warm
            for name, params in cases.items():
                for _ in range(args.rounds):
                    started = time.perf_counter()
                    response = client.get("/don-vi/", params, **host)
                    timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, response.status_code
            reparent = time_reparent(province, args, Tenant, Entry, register_rows, move_tenant)
            raise Rollback
    except Rollback:
        pass
    print(f"Site register with {args.sites + 1} tenants ({args.rounds} requests each), server time in ms:")
    worst = 0.0
    for name, values in timings.items():
        values.sort()
        p95 = values[int(0.95 * (len(values) - 1))]
        worst = max(worst, p95)
        print(f"  {name:32} p50 {statistics.median(values):7.1f}  p95 {p95:7.1f}")
    print(f"worst p95 {worst:.1f} ms (target ≤ {TARGET_P95_MS:.0f} ms): {'OK' if worst <= TARGET_P95_MS else 'OVER'}")
    seconds, sites, entries = reparent
    verdict = "OK" if seconds <= TARGET_REPARENT_S else "OVER"
    print(
        f"re-parent of a subtree of {sites} sites with {entries} search entries: {seconds:.2f} s "
        f"(target ≤ {TARGET_REPARENT_S:.0f} s): {verdict}"
    )


def time_reparent(province, args, Tenant, Entry, register_rows, move_tenant) -> tuple[float, int, int]:
    """A former district with its communes moves to another province: paths of the subtree, and the
    search entries' paths with them (the ``tenant_moved`` receiver), in one transaction."""
    from django.utils import timezone

    other = Tenant.objects.create(
        schema_name="bench_q", name="Tỉnh Khác", slug="benchq", kind="province", path="benchq"
    )
    district = Tenant.objects.create(
        schema_name="bench_d", name="Huyện Thử", slug="benchd", kind="district", parent=province, path="benchp.benchd"
    )
    communes = register_rows(district, args.subtree, "Xã Chuyển {i:02d}", "bench_d_", 2)
    now = timezone.now()
    Entry.objects.bulk_create(
        (
            Entry(
                tenant=site,
                tenant_path=site.path,
                tenant_kind="commune",
                page_id=n,
                title=f"Tin {n} của {site.name}",
                url=f"http://{site.slug}.benchd.benchp.localhost/tin-{n}/",
                date=now,
                year=now.year,
            )
            for site in communes
            for n in range(args.entries)
        ),
        batch_size=2000,
    )
    started = time.perf_counter()
    move_tenant(district.path, other.path)
    seconds = time.perf_counter() - started
    moved = Entry.objects.filter(tenant_path__startswith="benchq.benchd.").count()
    assert moved == args.subtree * args.entries, moved
    return seconds, args.subtree + 1, moved


if __name__ == "__main__":
    main()
