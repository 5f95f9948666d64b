#!/usr/bin/env python
"""Benchmark (prints figures, not a test) of the three costs multi-tenancy adds:

1. provisioning a site: cloning the template schema vs running every migration;
2. the deploy-time migration of many tenants that are already up to date: ``migrate_tenants``
   vs django-tenants' stock ``migrate_schemas --tenant`` (the stock command is timed on two small
   samples and extrapolated linearly — it says so in the output);
3. serving the same Wagtail page through the tenant routing vs on plain single-schema Wagtail
   (``bench/single_schema_settings.py``), in-process through Django's WSGI handler, the page cache
   off (``PAGE_CACHE=0``: rendering is what is compared). Made to be believed: after the mass
   provisioning both databases get ``VACUUM ANALYZE`` (the catalogs of 300 cloned schemas otherwise
   carry dead rows and stale statistics that the tenant side alone pays for), each side warms up
   before it is timed, the two are measured in alternating rounds so that machine load hits both
   alike, and the whole comparison is repeated ``--repeats`` times with fresh server processes; the
   ratio reported is the median of the repetitions' ratios, with their spread.

Works in scratch databases ``<database>_bench`` and ``<database>_bench_single`` (created, and
dropped at the end unless ``--keep``). Run: ``.venv/bin/python bench/provision.py [--clone 300]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {"clone_seconds": 1.0, "speedup": 10.0, "migrate_300_seconds": 10.0, "latency_ratio": 1.10}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clone", type=int, default=300, help="tenants provisioned by cloning (default 300)")
    parser.add_argument("--migrate", type=int, default=5, help="tenants provisioned by migrating (default 5)")
    parser.add_argument(
        "--stock-samples",
        default="10,30",
        help="tenant counts at which the stock migrate_schemas is timed (default 10,30)",
    )
    parser.add_argument("--requests", type=int, default=2000, help="requests per side for the page timing")
    parser.add_argument("--rounds", type=int, default=10, help="alternating rounds the requests are split into")
    parser.add_argument("--repeats", type=int, default=5, help="repetitions of the page comparison (fresh processes)")
    parser.add_argument(
        "--serving-only",
        action="store_true",
        help="provision by cloning only and skip the migration timings: just the page comparison",
    )
    parser.add_argument("--show-queries", action="store_true", help="print the SQL of one request on each side")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    return parser.parse_args()


# --- scratch databases -------------------------------------------------------------------------


def _admin_connection(cfg: dict):
    import psycopg

    return psycopg.connect(
        dbname="postgres",
        user=cfg["USER"],
        password=cfg["PASSWORD"] or None,
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        autocommit=True,
    )


def drop_database(cfg: dict, name: str, create: bool = False) -> None:
    conn = _admin_connection(cfg)
    try:
        with conn.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if create:
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()


def vacuum_analyze(cfg: dict, name: str) -> float:
    """``VACUUM (ANALYZE)`` of a whole scratch database, its catalogs included; the seconds it took."""
    import psycopg

    started = time.perf_counter()
    conn = psycopg.connect(
        dbname=name, user=cfg["USER"], password=cfg["PASSWORD"] or None, host=cfg["HOST"], port=cfg["PORT"] or 5432
    )
    conn.autocommit = True  # VACUUM cannot run in a transaction
    try:
        conn.execute("VACUUM (ANALYZE)")
    finally:
        conn.close()
    return time.perf_counter() - started


def database_url(cfg: dict, name: str) -> str:
    auth = cfg["USER"] + (f":{cfg['PASSWORD']}" if cfg["PASSWORD"] else "")
    return f"postgres://{auth}@{cfg['HOST']}:{cfg['PORT'] or 5432}/{name}"


# --- helpers -----------------------------------------------------------------------------------


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def wall(command: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


class PageServer:
    """A ``bench.serving`` child process serving one page in-process."""

    def __init__(self, env: dict, hosts: list[str]):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.serving", "serve", ",".join(hosts), "/"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._read()  # ready after warm-up

    def _read(self):
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit("the page-serving child process died (see its error above)")
        return json.loads(line)

    def ask(self, command: str):
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self._read()

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


# --- the benchmark -----------------------------------------------------------------------------


def main() -> None:
    args = parse_args()
    import dj_database_url

    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/congttdt")
    cfg = dj_database_url.parse(base_url)
    tenant_db, single_db = f"{cfg['NAME']}_bench", f"{cfg['NAME']}_bench_single"
    say(f"scratch databases {tenant_db}, {single_db}")
    drop_database(cfg, tenant_db, create=True)
    drop_database(cfg, single_db, create=True)
    env = dict(
        os.environ,
        DATABASE_URL=database_url(cfg, tenant_db),
        DJANGO_SETTINGS_MODULE="config.settings",
        CACHE_KEY_PREFIX=f"bench{os.getpid()}",
        LOG_LEVEL="ERROR",
        DEBUG=os.environ.get("DEBUG", "1"),
        PAGE_CACHE="0",  # every request renders: the comparison is of serving, not of Redis
        BENCH_SINGLE_DATABASE_URL=database_url(cfg, single_db),
        PYTHONPATH=str(ROOT),
    )
    os.environ.update(env)
    try:
        results = run(args, env, cfg, tenant_db, single_db)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(cfg, tenant_db)
            drop_database(cfg, single_db)
    report(args, results)


def run(args: argparse.Namespace, env: dict, cfg: dict, tenant_db: str, single_db: str) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    from tenants.services import schema_builder
    from tenants.services.domains import ensure_platform_tenant
    from tenants.services.provisioning import TenantSpec, provision_tenant

    results: dict = {"clone": [], "migrate": [], "stock": {}, "mine": {}}
    say("migrating the shared schema and building the clone template…")
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    ensure_platform_tenant()
    started = time.perf_counter()
    schema_builder.ensure_template()
    results["template_seconds"] = time.perf_counter() - started

    from django.db import OperationalError

    results["retries"] = 0

    def provision(slug: str, method: str, kind: str = "commune", parent: str | None = "bench") -> float:
        """Seconds of one provisioning; retried when the server's shared lock table is full (other
        databases on a shared server) — only the successful attempt is timed."""
        for attempt in range(5):
            began = time.perf_counter()
            try:
                provision_tenant(
                    TenantSpec(name=f"Xã {slug.upper()}", slug=slug, kind=kind, parent_path=parent), method=method
                )
                return time.perf_counter() - began
            except OperationalError as exc:
                if "out of shared memory" not in str(exc) or attempt == 4:
                    raise
                results["retries"] += 1
                time.sleep(2)
        raise AssertionError("unreachable")

    results["clone"].append(provision("bench", "clone", "province", None))
    migrated = 1 if args.serving_only else args.migrate
    say(f"provisioning {migrated} tenants by migrating…")
    for i in range(migrated):
        results["migrate"].append(provision(f"ditru{i}", "migrate"))

    manage = [sys.executable, "manage.py"]
    samples = [] if args.serving_only else sorted(int(n) for n in args.stock_samples.split(",") if n)
    total = 1 + migrated + args.clone - 1  # province + migrated + the remaining clones
    checkpoints = sorted({n for n in samples if n <= total} | {total})
    count = 1 + migrated
    say(f"provisioning {args.clone} tenants by cloning, timing deploy-time migration at {checkpoints}…")
    for checkpoint in checkpoints:
        while count < checkpoint:
            results["clone"].append(provision(f"bansao{count}", "clone"))
            count += 1
        if args.serving_only:
            continue
        if checkpoint in samples:
            results["stock"][count] = wall(manage + ["migrate_schemas", "--tenant", "-v", "0"], env)
        runs = [wall(manage + ["migrate_tenants", "--no-progress"], env) for _ in range(3)]
        results["mine"][count] = statistics.median(runs)
        say(
            f"  {count} tenants: migrate_tenants {results['mine'][count]:.2f} s"
            + (f", stock {results['stock'][count]:.2f} s" if count in results["stock"] else "")
        )

    say("page serving: single-schema baseline set-up…")
    single_host = "www.motschema.localhost"
    single_env = dict(env, DJANGO_SETTINGS_MODULE="bench.single_schema_settings")
    subprocess.run(
        [sys.executable, "-m", "bench.serving", "setup-single", single_host], cwd=ROOT, env=single_env, check=True
    )
    for name in (tenant_db, single_db):
        say(f"VACUUM (ANALYZE) of {name}: {vacuum_analyze(cfg, name):.1f} s")
    results["serving"] = serve_both(args, env, single_env, single_host)
    return results


def serve_both(args: argparse.Namespace, env: dict, single_env: dict, single_host: str) -> dict:
    from django_tenants.utils import schema_context

    from tenants.models import Tenant

    with schema_context("public"):
        tenants = list(Tenant.objects.exclude(schema_name="public").order_by("?")[:20])
        hosts = [tenant.primary_hostname for tenant in tenants]
    per_round = max(1, args.requests // args.rounds)
    say(f"page serving: {args.repeats} repetitions × {args.rounds} alternating rounds × {per_round} requests a side…")
    timings = {"tenant": [], "single": [], "rotating": []}
    ratios = []
    for repeat in range(args.repeats):
        tenant_server, single_server = PageServer(env, hosts), PageServer(single_env, [single_host])
        try:
            order = [("tenant", tenant_server), ("single", single_server)]
            for _, server in order:  # warm-up beyond the child's own, not timed
                server.ask(f"time {per_round}")
            mine = {"tenant": [], "single": []}
            for round_no in range(args.rounds):
                for name, server in order if (round_no + repeat) % 2 == 0 else reversed(order):
                    mine[name] += server.ask(f"time {per_round}")
                timings["rotating"] += tenant_server.ask(f"rotate {per_round // 4}")
            if repeat == 0:
                queries = {
                    "tenant": tenant_server.ask("queries"),
                    "single": single_server.ask("queries"),
                    "rotating": tenant_server.ask("rotate-queries"),
                }
        finally:
            tenant_server.close()
            single_server.close()
        ratios.append(statistics.median(mine["tenant"]) / statistics.median(mine["single"]))
        for name in mine:
            timings[name] += mine[name]
        say(
            f"  repetition {repeat + 1}: tenant {statistics.median(mine['tenant']) * 1000:.2f} ms, "
            f"single {statistics.median(mine['single']) * 1000:.2f} ms, ratio {ratios[-1]:.3f}×"
        )
    return {"timings": timings, "queries": queries, "rotating_hosts": len(hosts), "ratios": ratios}


# --- the report --------------------------------------------------------------------------------


def report(args: argparse.Namespace, results: dict) -> None:
    clone, migrate = results["clone"], results["migrate"]
    clone_median, migrate_median = statistics.median(clone), statistics.median(migrate)
    speedup = migrate_median / clone_median
    mine, stock = results["mine"], results["stock"]
    biggest = max(mine) if mine else 0
    lines = []
    if len(stock) >= 2:
        (n1, t1), (n2, t2) = sorted(stock.items())[:2]
        per_schema = (t2 - t1) / (n2 - n1)
        fixed = t1 - per_schema * n1
        stock_at_biggest = fixed + per_schema * biggest
        stock_note = (
            f"stock measured at {n1} and {n2} tenants ({t1:.2f} s, {t2:.2f} s), extrapolated linearly: "
            f"{fixed:.2f} s + {per_schema:.3f} s per tenant"
        )
    else:
        stock_at_biggest, stock_note = None, "stock command not sampled"
    serving = results["serving"]
    tenant_ms = statistics.median(serving["timings"]["tenant"]) * 1000
    single_ms = statistics.median(serving["timings"]["single"]) * 1000
    rotating_ms = statistics.median(serving["timings"]["rotating"]) * 1000
    ratios = serving["ratios"]
    ratio = statistics.median(ratios)

    def verdict(ok: bool) -> str:
        return "OK" if ok else "MISSED"

    lines.append("")
    lines.append("Cổng TTĐT benchmark — provisioning, deploy-time migration, page serving")
    lines.append(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs (shared), "
        f"{time.strftime('%Y-%m-%d %H:%M')}; template build (migrations once): "
        f"{results['template_seconds']:.1f} s"
    )
    lines.append("")
    rows = [
        (
            "provision by clone, s/tenant (median)",
            f"{clone_median:.3f}",
            f"n={len(clone)}, mean {statistics.mean(clone):.3f}, p90 {percentile(clone, 0.9):.3f}, "
            f"first (pg_dump of the template) {clone[0]:.3f}",
            f"≤ {TARGETS['clone_seconds']:.1f}",
            verdict(clone_median <= TARGETS["clone_seconds"]),
        ),
        (
            "provision by migrate, s/tenant (median)",
            f"{migrate_median:.3f}",
            f"n={len(migrate)}, mean {statistics.mean(migrate):.3f}",
            "",
            "",
        ),
        (
            "clone speed-up (migrate ÷ clone)",
            f"{speedup:.1f}×",
            "",
            f"≥ {TARGETS['speedup']:.0f}×",
            verdict(speedup >= TARGETS["speedup"]),
        ),
    ]
    if mine:
        rows.append(
            (
                f"migrate_tenants, {biggest} up-to-date tenants, s",
                f"{mine[biggest]:.2f}",
                "wall time of the command incl. start-up, median of 3",
                f"≤ {TARGETS['migrate_300_seconds']:.0f}",
                verdict(mine[biggest] <= TARGETS["migrate_300_seconds"]),
            )
        )
    for count in sorted(stock):
        rows.append(
            (
                f"stock migrate_schemas --tenant, {count} tenants, s",
                f"{stock[count]:.2f}",
                f"migrate_tenants: {mine[count]:.2f}",
                "",
                "",
            )
        )
    if stock_at_biggest is not None:
        rows.append(
            (
                f"stock migrate_schemas --tenant, {biggest} tenants, s",
                f"≈{stock_at_biggest:.0f}",
                "EXTRAPOLATED: " + stock_note,
                "",
                "",
            )
        )
    rows += [
        (
            "page latency, tenant routing, ms (median)",
            f"{tenant_ms:.2f}",
            f"p90 {percentile(serving['timings']['tenant'], 0.9) * 1000:.2f}; "
            f"{len(serving['queries']['tenant'])} SQL statements/request",
            "",
            "",
        ),
        (
            "page latency, single-schema Wagtail, ms (median)",
            f"{single_ms:.2f}",
            f"p90 {percentile(serving['timings']['single'], 0.9) * 1000:.2f}; "
            f"{len(serving['queries']['single'])} SQL statements/request",
            "",
            "",
        ),
        (
            f"tenant ÷ single-schema latency, median of {len(ratios)} repetitions",
            f"{ratio:.3f}×",
            f"spread {min(ratios):.3f}–{max(ratios):.3f}× ({', '.join(f'{r:.3f}' for r in ratios)}); "
            f"{len(serving['timings']['tenant'])} requests a side, alternating rounds, after VACUUM ANALYZE",
            f"≤ {TARGETS['latency_ratio']:.2f}×",
            verdict(ratio <= TARGETS["latency_ratio"]),
        ),
        (
            f"page latency, each request another of {serving['rotating_hosts']} tenants, ms",
            f"{rotating_ms:.2f}",
            f"{len(serving['queries']['rotating'])} SQL statements on a tenant switch (informative)",
            "",
            "",
        ),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    header = ("measure", "value", "detail", "target", "")
    widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
    for row in [header] + rows:
        lines.append(
            "  ".join(
                cell.ljust(width) if i != 1 else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
    lines.append("")
    if results.get("retries"):
        lines.append(
            f"{results['retries']} provisioning attempt(s) retried: the server's lock table was full "
            "(raise max_locks_per_transaction, see deploy/README.md)"
        )
    lines.append(
        "Page timing: Django's WSGI handler in-process (no HTTP server), same HomePage and templates, "
        "SQL counted at the psycopg cursor (SET search_path included)."
    )
    if args.show_queries:
        for side in ("tenant", "single", "rotating"):
            lines.append(f"SQL of one request ({side}):")
            lines += [f"  {statement[:160]}" for statement in serving["queries"][side]]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
