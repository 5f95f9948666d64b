#!/usr/bin/env python
"""Benchmark (prints figures, not a test) of the compliance monitor (issue 14):

1. the refresh (``compliance.services.refresh``: every check of a site, then its snapshot stored) of
   every site, with real schemas holding realistic content: one commune built by the demo's own
   builders (``demo.loader.STEPS``: every page type, documents with their files, questions, ratings,
   English versions, visits), then cloned — the tenant DDL of the provisioning template
   (``tenants.services.schema_builder``) replayed and the commune's rows copied, its media and a backup
   folder shared — into real tenants. The refresh is timed site by site at each size of ``--steps``
   (default 30, 100 and ``--sites``), so that one sees whether seconds per site stay flat; 3,000 real
   schemas take too long to build here, so the total at 3,000 is *extrapolated* from the largest
   measured size (the output says so). Targets: ≤ 0.2 s per site, ≤ 10 min for 3,000 sites.
2. the console's compliance table ``GET /tuan-thu/`` with ``--dashboard-sites`` (default 3,000) tenant
   rows and their snapshots in the public schema (a copy of a real snapshot each), written in one
   transaction that is rolled back (as ``bench/console.py``), over ``--rounds`` requests of a console
   officer with the second factor (Django's test client); target p95 ≤ 200 ms. Its ratio to the
   console's site register ``GET /don-vi/`` measured in the same run, on the same rows, is printed.

Works in a scratch database ``<database>_bench_compliance`` (created, dropped at the end unless
``--keep``), media and backups in a temporary folder. Run it gently on a shared machine:

    nice .venv/bin/python bench/compliance.py [--sites 300] [--steps 30,100] [--rounds 40]

``--over DATABASE`` instead times a real refresh of every site of an existing database — e.g. the
3,000 sites that ``bench/scale.py --keep`` leaves in ``<database>_bench_scale`` — nothing extrapolated.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.provision import database_url, drop_database, percentile, say, vacuum_analyze  # noqa: E402

TARGET_SITE_S = 0.2
TARGET_3000_S = 600.0
TARGET_P95_MS = 200.0
SOURCE = "sonhung"  # the demo commune whose content every clone carries


class Rollback(Exception):
    pass


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=300, help="real sites at the largest refresh (default 300)")
    parser.add_argument("--steps", default="30,100", help="smaller sizes the refresh is also timed at")
    parser.add_argument("--dashboard-sites", type=int, default=3000, help="rows behind the dashboard (default 3000)")
    parser.add_argument("--rounds", type=int, default=40, help="requests per page for the dashboard timing")
    parser.add_argument("--profile", action="store_true", help="print a profile of one site's refresh")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--over",
        metavar="DATABASE",
        help="time a real refresh of every site of this existing database instead (e.g. the one bench/scale.py "
        "--keep leaves); nothing is built or dropped, no dashboard timing",
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    import dj_database_url

    cfg = dj_database_url.parse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/congttdt"))
    if args.over:
        refresh_over(cfg, args.over)
        return
    scratch = f"{cfg['NAME']}_bench_compliance"
    files = tempfile.mkdtemp(prefix="bench-compliance-")
    say(f"scratch database {scratch}")
    drop_database(cfg, scratch, create=True)
    os.environ.update(
        DATABASE_URL=database_url(cfg, scratch),
        DJANGO_SETTINGS_MODULE="config.settings",
        CACHE_KEY_PREFIX=f"benchcompliance{os.getpid()}",
        LOG_LEVEL="ERROR",
        MEDIA_ROOT=str(Path(files) / "media"),
        TENANT_BACKUP_ROOT=str(Path(files) / "backups"),
    )
    try:
        results = run(args, cfg, scratch)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(cfg, scratch)
            shutil.rmtree(files, ignore_errors=True)
    report(args, results)


def run(args: argparse.Namespace, cfg: dict, scratch: str) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    from tenants.services import schema_builder
    from tenants.services.domains import ensure_platform_tenant

    say("migrating the shared schema and building the clone template…")
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    ensure_platform_tenant()
    schema_builder.ensure_template()
    started = time.perf_counter()
    province, source = build_source()
    results: dict = {"source_seconds": time.perf_counter() - started, "refresh": {}}
    say(f"the demo commune built in {results['source_seconds']:.1f} s; cloning it…")
    sizes = sorted({n for n in (int(s) for s in args.steps.split(",") if s) if n < args.sites} | {args.sites})
    sites = [source]
    for size in sizes:
        started = time.perf_counter()
        while len(sites) < size:
            sites.append(clone_site(source, province, len(sites)))
        say(f"  {size} sites ({time.perf_counter() - started:.0f} s of cloning); VACUUM ANALYZE…")
        vacuum_analyze(cfg, scratch)
        results["refresh"][size] = time_refresh(sites)
        timings = results["refresh"][size]
        say(f"  refresh of {size} sites: {sum(timings):.1f} s, median {statistics.median(timings):.3f} s per site")
    results["snapshot"] = source
    if args.profile:
        profile_one(source)
    results["dashboard"] = time_dashboard(args, province, source)
    return results


def refresh_over(cfg: dict, database: str) -> None:
    """A real (measured, not extrapolated) refresh of every site of an existing database, e.g. the
    3,000 sites ``bench/scale.py --keep`` leaves. Their content is what that database holds (the scale
    bench's sites have a home page only: a lower bound per site; sites with realistic content come from
    this bench's own ``--sites N --keep``). The snapshots it stores stay in that database."""
    files = tempfile.mkdtemp(prefix="bench-compliance-")
    os.environ.update(
        DATABASE_URL=database_url(cfg, database),
        DJANGO_SETTINGS_MODULE="config.settings",
        CACHE_KEY_PREFIX=f"benchcompliance{os.getpid()}",
        LOG_LEVEL="ERROR",
        MEDIA_ROOT=str(Path(files) / "media"),
        TENANT_BACKUP_ROOT=str(Path(files) / "backups"),
    )
    import django

    django.setup()
    from django_tenants.utils import schema_context

    from tenants.tree import active_sites

    with schema_context("public"):
        sites = list(active_sites().order_by("path"))
    say(f"refreshing {len(sites)} sites of {database}…")
    try:
        timings = time_refresh(sites)
    finally:
        shutil.rmtree(files, ignore_errors=True)
    total, p95 = sum(timings), percentile(timings, 0.95)
    print(f"Compliance refresh of every site of {database} (measured; load {os.getloadavg()[0]:.1f}):")
    print(f"  {len(sites)} sites: {total:.1f} s = {total / 60:.1f} min, median {statistics.median(timings):.3f} s/site")
    print(f"  p95 {p95:.3f} s/site (target ≤ {TARGET_SITE_S} s): {verdict(p95 <= TARGET_SITE_S)}")
    if len(sites) >= 3000:
        print(f"  total (target ≤ {TARGET_3000_S / 60:.0f} min at 3,000): {verdict(total <= TARGET_3000_S)}")


def build_source():
    """The province (no content) and the demo commune with every demo builder's content."""
    from django.db import transaction
    from django_tenants.utils import tenant_context

    from core.wagtail_indexes import wagtail_indexes_rebuilt_at_the_end
    from demo.loader import STEPS
    from demo.province import SITES
    from tenants.services.provisioning import TenantSpec, provision_tenant

    province_site = next(site for site in SITES if site.kind == "province")
    site = next(site for site in SITES if site.slug == SOURCE)
    province = provision_tenant(TenantSpec(name=province_site.name, slug=province_site.slug, kind="province"))
    tenant = provision_tenant(TenantSpec(name=site.name, slug=site.slug, kind=site.kind, parent_path=province.path))
    with tenant_context(tenant), transaction.atomic(), wagtail_indexes_rebuilt_at_the_end():
        for step in STEPS:
            step(tenant, site)
    tenant.refresh_from_db()
    return province, tenant


def clone_site(source, province, index: int):
    """A new commune under ``province`` whose schema is a copy of ``source``'s (the provisioning
    template's DDL, then every row of ``source``), with its tenant row, primary domain, media and backups."""
    from django.conf import settings
    from django.db import connection, transaction
    from django_tenants.utils import quote_schema_name, schema_context

    from tenants.models import Domain, Tenant
    from tenants.services import schema_builder

    ddl, tables, sequences = schema_builder._template_snapshot()  # the DDL every tenant schema has
    slug = f"banSao{index:04d}".lower()
    schema = f"bench_{slug}"
    target, origin = quote_schema_name(schema), quote_schema_name(source.schema_name)
    hostname = f"{slug}.{province.slug}.localhost"
    with schema_context("public"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {target}")
        cursor.execute(ddl.replace("@@SCHEMA@@.", f"{target}."))
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in tables:
            cursor.execute(f'INSERT INTO {target}."{table}" SELECT * FROM {origin}."{table}"')
        for sequence in sequences:
            cursor.execute(
                f'SELECT setval(\'{target}."{sequence}"\', last_value, is_called) FROM {origin}."{sequence}"'
            )
        cursor.execute(f"UPDATE {target}.wagtailcore_site SET hostname = %s", [hostname])
        tenant = Tenant.objects.create(
            schema_name=schema,
            name=f"Xã Bản Sao {index:04d}",
            slug=slug,
            kind="commune",
            parent=province,
            path=f"{province.path}.{slug}",
            emc_code=source.emc_code,
        )
        Domain.objects.create(domain=hostname, tenant=tenant, is_primary=True)
    media = Path(settings.MEDIA_ROOT)
    if (media / source.schema_name).exists():
        (media / schema).symlink_to(media / source.schema_name)
    backups = Path(settings.TENANT_BACKUP_ROOT)
    for folder in (backups / source.path).glob("*"):
        (backups / tenant.path).mkdir(parents=True, exist_ok=True)
        (backups / tenant.path / folder.name).symlink_to(folder)
    schema_builder.release_backend()  # a backend's catalog cache grows with every schema it creates
    return tenant


def time_refresh(sites) -> list[float]:
    """Seconds of ``refresh([site])`` for each site in turn (their sum is the whole refresh)."""
    from compliance import services

    timings = []
    for site in sites:
        started = time.perf_counter()
        stored = services.refresh([site])
        timings.append(time.perf_counter() - started)
        assert len(stored) == 1, f"the refresh of {site.path} failed (see the log)"
    return timings


def profile_one(site) -> None:
    """The slowest functions of five refreshes of one site (cProfile, cumulative time), on stderr."""
    import cProfile
    import pstats

    from compliance import services

    services.refresh([site])  # warm
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        services.refresh([site])
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative")
    stats.print_stats(r"compliance|workdays|tenants", 40)


def time_dashboard(args: argparse.Namespace, province, source) -> dict[str, list[float]]:
    """``/tuan-thu/`` and ``/don-vi/`` with ``--dashboard-sites`` rows and snapshots, rolled back."""
    from django.conf import settings
    from django.db import transaction
    from django.test import Client
    from django_tenants.utils import schema_context

    from compliance import services
    from compliance.models import SiteSnapshot
    from console.models import SiteFigures
    from core.text import fold
    from tests.console_helpers import console_staff, register_rows, verified_login

    settings.ALLOWED_HOSTS = ["*"]
    logging.getLogger("congttdt.request").setLevel(logging.WARNING)  # one line per request otherwise
    host = {"HTTP_HOST": settings.PLATFORM_HOST}
    timings: dict[str, list[float]] = {}
    snapshot = services.latest_snapshot(source)
    try:
        with schema_context("public"), transaction.atomic():
            existing = SiteSnapshot.objects.count()
            extra = max(0, args.dashboard_sites - existing)
            rows = register_rows(province, extra, "Xã Thử Nghiệm {i:04d}", "bench_row_", 4, suspended_every=0)
            SiteSnapshot.objects.bulk_create(
                (
                    SiteSnapshot(
                        tenant=tenant,
                        day=snapshot.day,
                        score=snapshot.score,
                        group_scores=snapshot.group_scores,
                        counts=snapshot.counts,
                        missing_count=snapshot.missing_count,
                        late_count=snapshot.late_count,
                        report=snapshot.report,
                        computed_at=snapshot.computed_at,
                    )
                    for tenant in rows
                ),
                batch_size=500,
            )
            SiteFigures.objects.bulk_create(
                SiteFigures(tenant=t, editors=3, pages=120, search_key=fold(f"{t.name} {t.path}")) for t in rows
            )
            timings["sites"] = [SiteSnapshot.objects.count()]
            client = verified_login(Client(), console_staff("bench_compliance"))
            cases = {
                "/don-vi/ (baseline)": ("/don-vi/", {}),
                "/tuan-thu/ first page": ("/tuan-thu/", {}),
                "/tuan-thu/ sorted by name, page 50": ("/tuan-thu/", {"sap-xep": "ten", "trang": 50}),
                "/tuan-thu/ search": ("/tuan-thu/", {"q": "xa thu nghiem 2718"}),
            }
            for url, params in cases.values():  # caches (routing table, templates) warm, not timed
                assert client.get(url, params, **host).status_code == 200
            for _ in range(args.rounds):  # interleaved, so that machine load hits every page alike
                for name, (url, params) in cases.items():
                    started = time.perf_counter()
                    response = client.get(url, params, **host)
                    timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, response.status_code
            raise Rollback
    except Rollback:
        pass
    return timings


def verdict(ok: bool) -> str:
    return "OK" if ok else "OVER"


def report(args: argparse.Namespace, results: dict) -> None:
    print(f"Compliance refresh (demo commune '{SOURCE}' cloned; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}):")
    print(f"  {'sites':>6} {'total s':>9} {'median s/site':>14} {'p95 s/site':>11}")
    for size, timings in sorted(results["refresh"].items()):
        print(f"  {size:6d} {sum(timings):9.1f} {statistics.median(timings):14.3f} {percentile(timings, 0.95):11.3f}")
    largest = max(results["refresh"])
    timings = results["refresh"][largest]
    per_site = sum(timings) / len(timings)
    p95 = percentile(timings, 0.95)
    print(f"per site at {largest} sites: p95 {p95:.3f} s (target ≤ {TARGET_SITE_S} s): {verdict(p95 <= TARGET_SITE_S)}")
    at_3000 = per_site * 3000
    label = "measured" if largest >= 3000 else f"EXTRAPOLATED from {largest} real sites (mean {per_site:.3f} s × 3,000)"
    print(
        f"3,000 sites, {label}: {at_3000:.0f} s = {at_3000 / 60:.1f} min "
        f"(target ≤ {TARGET_3000_S / 60:.0f} min): {verdict(at_3000 <= TARGET_3000_S)}"
    )
    dashboard = dict(results["dashboard"])
    sites = dashboard.pop("sites")[0]
    print(f"Console pages with {sites} sites and snapshots ({args.rounds} requests each), server time in ms:")
    baseline = statistics.median(dashboard["/don-vi/ (baseline)"])
    worst = 0.0
    for name, values in dashboard.items():
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        if name.startswith("/tuan-thu/"):
            worst = max(worst, p95)
        print(f"  {name:38} p50 {p50:7.1f}  p95 {p95:7.1f}  p50 ratio to /don-vi/ {p50 / baseline:5.2f}×")
    print(f"dashboard worst p95 {worst:.1f} ms (target ≤ {TARGET_P95_MS:.0f} ms): {verdict(worst <= TARGET_P95_MS)}")


if __name__ == "__main__":
    main()
