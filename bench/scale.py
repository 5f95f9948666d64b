#!/usr/bin/env python
"""Benchmark (prints figures, not a test): does serving cost stay flat from 10 to 3,000 sites? (issue 13)

One scratch database ``<database>_bench_scale`` grows step by step to each size of ``--sizes`` (default
10, 300, 3,000 sites: a province, a district per 100 sites, communes beneath), every site provisioned
by the production path (``tenants.services.provisioning.provision_tenant``: a clone of the template
schema, its domain, home page and Wagtail Site), the seconds of each clone recorded. At each size:

1. a real uvicorn with production settings (``DEBUG=0``, the page cache off so that every request
   renders) and **one** worker serves every site's home page once; then the worker's RSS (VmRSS from
   ``/proc``) and the median latency of a fixed sample of sites (the same first sites at every size,
   ``--rounds`` requests each) are taken;
2. the routing-table refresh (``tenants.routing`` reloading hostname → tenant), timed in this process;
3. a tenant change through ``tenants.services`` — a new domain (``add_domain``), then a status change
   (``set_status`` suspended, then active again) — against uvicorn with ``WEB_CONCURRENCY`` (default 2)
   workers: one keep-alive connection is held to *each* worker (which process serves a connection is
   read from ``/proc``), and each is polled until it answers the changed way; the delay printed is the
   slowest worker's;
4. the no-op deploy migration step ``manage.py migrate_tenants`` over all (up-to-date) sites.

Before the measurements of each size the catalogs get ``VACUUM (ANALYZE)`` (``--no-vacuum`` skips it):
the provisioning inserted hundreds of thousands of catalog rows, which autovacuum would analyse on a
production server (this one runs with autovacuum off).

Targets printed beside the figures: RSS growth 10 → 3,000 ≤ 25 %, latency unchanged within noise,
change visible ≤ 2 s, no-op migrate ≤ 30 s at 3,000. ``--keep`` keeps the database; ``--reuse``
continues growing a kept one (sizes already reached are measured without provisioning). Run large
sizes gently on a shared machine:

    nice .venv/bin/python bench/scale.py --sizes 10,300,3000 --keep
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.connections import admin, bench_database, create_platform_database, start_server  # noqa: E402

TARGET_RSS_GROWTH = 0.25
TARGET_VISIBLE_S = 2.0
TARGET_MIGRATE_S = 30.0
SITES_PER_DISTRICT = 100


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,300,3000", help="site counts, growing (default 10,300,3000)")
    parser.add_argument("--sample", type=int, default=10, help="sites whose latency is sampled (default 10)")
    parser.add_argument("--rounds", type=int, default=10, help="requests per sampled site (default 10)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY") or 2))
    parser.add_argument("--provision-only", action="store_true", help="grow the database, measure nothing")
    parser.add_argument(
        "--profile", type=int, default=0, help="time each SQL statement of the last N provisionings of each step"
    )
    parser.add_argument("--no-vacuum", action="store_true", help="no VACUUM (ANALYZE) of the catalogs")
    parser.add_argument("--reuse", action="store_true", help="continue a kept database instead of a new one")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    return parser.parse_args()


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- the sites -----------------------------------------------------------------------------------


def site_spec(index: int) -> tuple[str, str, str, str | None]:
    """(slug, name, kind, parent path) of the ``index``-th site: 0 the province, then per hundred a
    district followed by its communes — the same sites in the same order at every size."""
    if index == 0:
        return "tinh", "Tỉnh Quy Mô", "province", None
    district, offset = divmod(index - 1, SITES_PER_DISTRICT)
    if offset == 0:
        return f"h{district:02d}", f"Huyện Số {district}", "district", "tinh"
    return f"x{index:04d}", f"Xã Số {index}", "commune", f"tinh.h{district:02d}"


def hostname_of(index: int) -> str:
    from tenants.models import Domain

    slug, _name, _kind, parent = site_spec(index)
    path = f"{parent}.{slug}" if parent else slug
    return Domain.objects.get(tenant__path=path, is_primary=True).domain


def existing_sites() -> int:
    from tenants.tree import all_sites

    return all_sites().count()


_SCHEMA = re.compile(r'"(?:tinh|spare)_[a-z0-9_]*"\.')


class StatementTimer:
    """Django ``execute_wrapper``: seconds and count per statement (its first words), for ``--profile``."""

    def __init__(self) -> None:
        self.totals: dict[str, list[float]] = {}

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            key = _SCHEMA.sub("<schema>.", " ".join(str(sql).split()))[:90]
            entry = self.totals.setdefault(key, [0.0, 0])
            entry[0] += time.perf_counter() - started
            entry[1] += 1

    def print(self, sites: int, total: float) -> None:
        in_sql = sum(seconds for seconds, _count in self.totals.values())
        say(
            f"profile of {sites} provisionings ({total / sites:.2f} s per site, {in_sql / sites:.2f} s of it in "
            f"{sum(count for _s, count in self.totals.values()) / sites:.0f} SQL statements); by time per site:"
        )
        for key, (seconds, count) in sorted(self.totals.items(), key=lambda item: -item[1][0])[:15]:
            say(f"  {seconds / sites * 1000:8.1f} ms  {count / sites:6.1f}×  {key}")


def grow_to(size: int, clone_seconds: list[float], profile: int = 0) -> None:
    """Provision sites until there are ``size`` of them (production path), timing each; the SQL of the
    last ``profile`` ones is timed statement by statement."""
    from django.db import connection

    from tenants.services.provisioning import TenantSpec, provision_tenant

    start = existing_sites()
    batch_started, batch = time.perf_counter(), []
    timer, profiled = StatementTimer(), 0.0
    for index in range(start, size):
        slug, name, kind, parent = site_spec(index)
        started = time.perf_counter()
        if index >= size - profile:
            with connection.execute_wrapper(timer):
                provision_tenant(TenantSpec(name=name, slug=slug, kind=kind, parent_path=parent))
            profiled += time.perf_counter() - started
        else:
            provision_tenant(TenantSpec(name=name, slug=slug, kind=kind, parent_path=parent))
        seconds = time.perf_counter() - started
        clone_seconds.append(seconds)
        batch.append(seconds)
        if len(batch) == 50 or index == size - 1:
            say(
                f"provisioned {index + 1}/{size}: last {len(batch)} at {statistics.mean(batch):.2f} s per site "
                f"(median {statistics.median(batch):.2f}, max {max(batch):.2f}), "
                f"{time.perf_counter() - batch_started:.0f} s"
            )
            batch_started, batch = time.perf_counter(), []
    if timer.totals:
        timer.print(min(profile, size - start), profiled)


def vacuum_catalogs(cfg: dict, name: str) -> float:
    """``VACUUM (ANALYZE)`` of the system catalogs of the scratch database; the seconds it took."""
    started = time.perf_counter()
    with admin(cfg, name) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'pg_catalog' AND c.relkind = 'r'"
            )
        ]
        for table in tables:
            conn.execute(f"VACUUM (ANALYZE) {table}")
        conn.execute("VACUUM (ANALYZE) public.tenants_tenant")
        conn.execute("VACUUM (ANALYZE) public.tenants_domain")
    return time.perf_counter() - started


# --- HTTP ----------------------------------------------------------------------------------------


def get(connection: http.client.HTTPConnection, host: str, path: str = "/") -> tuple[int, float]:
    started = time.perf_counter()
    connection.request("GET", path, headers={"Host": host})
    response = connection.getresponse()
    response.read()
    return response.status, time.perf_counter() - started


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise SystemExit(f"no VmRSS for process {pid}")


def serve_every_site(port: int, hosts: list[str], sample: list[str], rounds: int) -> dict:
    """Every home page once through one keep-alive connection, then the sample's latency."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    failures = 0
    started = time.perf_counter()
    for host in hosts:
        status, _seconds = get(connection, host)
        failures += status != 200
    first_pass = time.perf_counter() - started
    latencies = []
    for _ in range(rounds):
        for host in sample:
            status, seconds = get(connection, host)
            failures += status != 200
            latencies.append(seconds)
    connection.close()
    return {
        "first_pass_s": first_pass,
        "median_ms": statistics.median(latencies) * 1000,
        "p90_ms": sorted(latencies)[int(0.9 * len(latencies))] * 1000,
        "failures": failures,
    }


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    pids = []
    for pid in map(int, children):  # uvicorn's workers, not multiprocessing's resource tracker
        try:
            command = Path(f"/proc/{pid}/cmdline").read_text()
        except FileNotFoundError:
            continue
        if "resource_tracker" not in command:
            pids.append(pid)
    return pids


def _socket_inode(server_port: int, client_port: int) -> str | None:
    """Inode of the server side of the TCP connection 127.0.0.1:client_port → server_port."""
    wanted_local, wanted_remote = f"{server_port:04X}", f"{client_port:04X}"
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = fields[1].split(":")[1], fields[2].split(":")[1]
        if local == wanted_local and remote == wanted_remote:
            return fields[9]
    return None


def serving_pid(connection: http.client.HTTPConnection, server_port: int, pids: list[int]) -> int | None:
    """Which of ``pids`` holds the server side of an open keep-alive ``connection``."""
    inode = _socket_inode(server_port, connection.sock.getsockname()[1])
    if inode is None:
        return None
    target = f"socket:[{inode}]"
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if os.readlink(fd) == target:
                    return pid
            except OSError:
                continue
    return None


def one_connection_per_worker(port: int, host: str, pids: list[int]) -> dict[int, http.client.HTTPConnection]:
    held: dict[int, http.client.HTTPConnection] = {}
    deadline = time.monotonic() + 60
    while len(held) < len(pids) and time.monotonic() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        get(connection, host)  # served (and warm) by whichever worker accepted it
        pid = serving_pid(connection, port, pids)
        if pid is None or pid in held:
            connection.close()
        else:
            held[pid] = connection
    if len(held) < len(pids):
        raise SystemExit(f"could not reach every worker ({len(held)} of {len(pids)})")
    return held


def delay_until(held: dict[int, http.client.HTTPConnection], host: str, wanted: int, change) -> dict[int, float]:
    """Make ``change`` and poll every worker's connection until it answers ``host`` with ``wanted``;
    seconds per worker (``inf`` after 30 s)."""
    started = time.perf_counter()
    change()
    seen: dict[int, float] = {}
    while len(seen) < len(held) and time.perf_counter() - started < 30:
        for pid, connection in held.items():
            if pid not in seen and get(connection, host)[0] == wanted:
                seen[pid] = time.perf_counter() - started
        time.sleep(0.02)
    return {pid: seen.get(pid, float("inf")) for pid in held}


def change_visibility(port: int, master: int, index: int, size: int) -> dict:
    from tenants.services.domains import add_domain
    from tenants.services.registry import set_status

    slug, _name, _kind, parent = site_spec(index)
    path = f"{parent}.{slug}" if parent else slug
    host = hostname_of(index)
    pids = worker_pids(master)
    held = one_connection_per_worker(port, host, pids)
    new_host = f"moi{size}-{os.getpid()}-{slug}.localhost"
    domain = delay_until(held, new_host, 200, lambda: add_domain(path, new_host))
    suspend = delay_until(held, host, 503, lambda: set_status(path, "suspended", "bench"))
    resume = delay_until(held, host, 200, lambda: set_status(path, "active"))
    for connection in held.values():
        connection.close()
    return {"workers": len(pids), "domain_s": max(domain.values()), "suspend_s": max(suspend.values()),
            "resume_s": max(resume.values())}  # fmt: skip


def routing_refresh_ms(repeats: int = 5) -> float:
    from tenants.routing import routing_table

    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        routing_table._load()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def migrate_noop(env: dict) -> dict:
    """``manage.py migrate_tenants`` over every site: wall seconds of the process, its CPU seconds
    (user + system: what the machine's load does not inflate) and the seconds the command reports for
    its own work (reading every schema's migrations, the graph loaded once)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate_tenants", "--no-progress"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    found = re.search(r"— ([0-9.]+) s", result.stdout)
    return {"migrate_s": wall, "migrate_cpu_s": cpu, "migrate_own_s": float(found.group(1)) if found else None}


# --- one size ------------------------------------------------------------------------------------


def measure(args: argparse.Namespace, cfg: dict, name: str, env: dict, size: int) -> dict:
    from django.db import connection

    row: dict = {"sites": size}
    if not args.no_vacuum:
        row["vacuum_s"] = vacuum_catalogs(cfg, name)
        say(f"{size} sites: catalogs vacuumed and analysed in {row['vacuum_s']:.1f} s")
    hosts = [hostname_of(index) for index in range(size)]
    sample = hosts[: args.sample]
    connection.close()
    serve_env = {**env, "PAGE_CACHE": "0", "WEB_CONCURRENCY": "1"}
    process, port = start_server(serve_env, workers=1)
    try:
        pass_one = serve_every_site(port, sample, sample, 1)  # warm-up: templates, pool
        row["rss_warm_mib"] = rss_kib(process.pid) / 1024
        served = serve_every_site(port, hosts, sample, args.rounds)
        row["rss_mib"] = rss_kib(process.pid) / 1024
        row.update(served)
        row["failures"] += pass_one["failures"]
    finally:
        process.terminate()
        process.wait(30)
    say(
        f"{size} sites: RSS {row['rss_mib']:.1f} MiB, median {row['median_ms']:.1f} ms, every page in {row['first_pass_s']:.0f} s"
    )
    row["routing_ms"] = routing_refresh_ms()
    process, port = start_server({**env, "WEB_CONCURRENCY": str(args.workers)}, workers=args.workers)
    try:
        row.update(change_visibility(port, process.pid, min(size - 1, 3), size))
    finally:
        process.terminate()
        process.wait(30)
    connection.close()
    row.update(migrate_noop(env))
    say(f"{size} sites: {json.dumps(row)}")
    return row


def report(rows: list[dict], clone_seconds: list[float]) -> None:
    print("\nFlat cost from few to many sites (one database grown step by step; uvicorn DEBUG=0, page cache off)")
    if clone_seconds:
        tenth = max(1, len(clone_seconds) // 10)
        print(
            f"provisioning (production path): {len(clone_seconds)} sites, first {tenth} at "
            f"{statistics.mean(clone_seconds[:tenth]):.2f} s per site, last {tenth} at "
            f"{statistics.mean(clone_seconds[-tenth:]):.2f} s, total {sum(clone_seconds) / 60:.1f} min"
        )
    header = (
        f"{'sites':>6} {'RSS MiB':>8} {'(warm)':>7} {'median ms':>9} {'p90 ms':>7} {'routing ms':>10} "
        f"{'domain s':>8} {'suspend s':>9} {'resume s':>8} {'migrate s':>9} {'(cpu)':>6} {'(own)':>6} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['sites']:>6} {row['rss_mib']:>8.1f} {row['rss_warm_mib']:>7.1f} {row['median_ms']:>9.1f} "
            f"{row['p90_ms']:>7.1f} {row['routing_ms']:>10.1f} {row['domain_s']:>8.2f} {row['suspend_s']:>9.2f} "
            f"{row['resume_s']:>8.2f} {row['migrate_s']:>9.2f} {row['migrate_cpu_s']:>6.1f} "
            f"{row['migrate_own_s'] or 0:>6.2f} {row['failures']:>6}"
        )
    if not rows:
        return
    first, last = rows[0], rows[-1]
    growth = last["rss_mib"] / first["rss_mib"] - 1
    visible = max(max(row["domain_s"], row["suspend_s"], row["resume_s"]) for row in rows)
    print(f"\nRSS growth {first['sites']} → {last['sites']} sites: {growth * 100:+.1f} % (target ≤ +25 %) "
          f"{'ok' if growth <= TARGET_RSS_GROWTH else 'MISSED'}")  # fmt: skip
    print(
        f"median latency {first['median_ms']:.1f} → {last['median_ms']:.1f} ms "
        f"({last['median_ms'] / first['median_ms']:.2f}×; target: unchanged within noise)"
    )
    print(f"tenant change visible to every worker: at most {visible:.2f} s (target ≤ 2 s) "
          f"{'ok' if visible <= TARGET_VISIBLE_S else 'MISSED'}")  # fmt: skip
    print(
        f"no-op migrate_tenants at {last['sites']} sites: {last['migrate_s']:.1f} s wall, {last['migrate_cpu_s']:.1f} s "
        f"CPU, {last['migrate_own_s'] or 0:.2f} s in the command (target ≤ 30 s at 3,000) "
        f"{'ok' if last['migrate_s'] <= TARGET_MIGRATE_S else 'MISSED'}"
    )


def main() -> None:
    args = parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    cfg, name, env = bench_database("bench_scale")
    env["REQUEST_LOG_LEVEL"] = "WARNING"
    with admin(cfg) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if args.reuse and exists:
        say(f"continuing database {name}")
    else:
        say(f"creating database {name}")
        create_platform_database(cfg, name, {**env, "DEBUG": "1"})
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connections

    from tenants.services import schema_builder

    schema_builder.ensure_template()
    rows: list[dict] = []
    clone_seconds: list[float] = []
    try:
        for size in sizes:
            grow_to(size, clone_seconds, args.profile)
            if not args.provision_only:
                rows.append(measure(args, cfg, name, env, size))
    finally:
        connections.close_all()
        if not args.keep:
            with admin(cfg) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            say(f"kept database {name} ({existing_sites_safe(cfg, name)} sites)")
    report(rows, clone_seconds)


def existing_sites_safe(cfg: dict, name: str) -> int | str:
    try:
        with admin(cfg, name) as conn:
            return conn.execute("SELECT count(*) - 1 FROM public.tenants_tenant").fetchone()[0]
    except Exception:  # noqa: BLE001 — only a figure for the log
        return "?"


if __name__ == "__main__":
    main()
