#!/usr/bin/env python
"""Benchmark (prints figures, not a test) of the console's site register with many sites (issue 11):
server time of ``GET /don-vi/`` (first page, a search, a filtered page) with N tenant rows, their domains
and figures in the public schema. Everything is written inside one transaction that is rolled back, so
any migrated database will do (e.g. a kept test database):

    DATABASE_URL=postgres://…/test_congttdt .venv/bin/python bench/console.py [--sites 3500] [--rounds 40]

Target: p95 ≤ 200 ms per request. The merge of two communes is ``bench/console_merge.py``.
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


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=3500)
    parser.add_argument("--rounds", type=int, default=40)
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
    from tenants.models import Tenant
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


if __name__ == "__main__":
    main()
