#!/usr/bin/env python
"""Benchmark (prints figures, not a test): database connections of one uvicorn process under N
concurrent clients, for each way of handling connections:

* ``pool``        — the default: psycopg's pool, at most ``--pool`` connections (``DB_POOL_SIZE``);
* ``no-persist``  — no pool, a new connection per request (``DB_POOL_SIZE=0``, ``DB_CONN_MAX_AGE=0``);
* ``persistent``  — no pool, each request thread keeps its connection for 60 s (the former default).

A real uvicorn with production settings (``DEBUG=0``) on 127.0.0.1 serves two sites' home pages from
its own database ``<database>_conn`` (dropped at the end unless ``--keep``). That database gets a
``CONNECTION LIMIT`` (``--limit``, default 40) standing in for the server's ``max_connections``, and
the server connects as an ordinary role of its own (the limit does not bind superusers), so a mode
that runs away hits it (and answers 500) without exhausting a shared server. Each client runs a
bounded loop (``--seconds`` per level) of keep-alive GETs alternating between the two sites; a
sampler polls ``pg_stat_activity`` every 20 ms. Printed per mode and client count: requests,
throughput, p50/p95 latency, status counts (500s, 503s, client errors) and the peak number of
server connections of the process.

Run: ``.venv/bin/python bench/connections.py [--clients 5,20,50] [--seconds 10] [--pool 4]``

Helpers shared by the other benches: the bench database (``bench_database``,
``create_platform_database``), a uvicorn on a free port (``start_server``) and the CPU time of the
server side over a span (``CpuMeter``).
"""

from __future__ import annotations

import argparse
import bisect
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import dj_database_url
import psutil
import psycopg

ROOT = Path(__file__).resolve().parent.parent
SITES = [("hoguom", "Tỉnh Hồ Gươm"), ("songlam", "Tỉnh Sông Lam")]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", default="5,20,50", help="concurrent client counts (default 5,20,50)")
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of each level (default 10)")
    parser.add_argument("--pool", type=int, default=4, help="DB_POOL_SIZE of the pool mode (default 4)")
    parser.add_argument("--pool-timeout", type=float, default=3.0, help="DB_POOL_TIMEOUT (default 3)")
    parser.add_argument("--limit", type=int, default=40, help="CONNECTION LIMIT of the bench database")
    parser.add_argument("--modes", default="pool,no-persist,persistent")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    return parser.parse_args()


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def admin(cfg: dict, dbname: str = "postgres") -> psycopg.Connection:
    return psycopg.connect(
        dbname=dbname,
        user=cfg["USER"],
        password=cfg["PASSWORD"] or None,
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        autocommit=True,
    )


def create_platform_database(cfg: dict, name: str, env: dict) -> tuple[list[str], dict]:
    """A new database ``name`` (dropped first) with the shared schema and the platform tenant; returns
    how to run ``manage.py`` on it quietly (command, ``subprocess.run`` options)."""
    with admin(cfg) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    manage = [sys.executable, "manage.py"]
    quiet = {"cwd": ROOT, "env": env, "check": True, "stdout": subprocess.DEVNULL}
    subprocess.run([*manage, "migrate_schemas", "--shared", "-v", "0"], **quiet)
    subprocess.run([*manage, "tenants", "init"], **quiet)
    return manage, quiet


def prepare_database(cfg: dict, name: str, env: dict) -> None:
    manage, quiet = create_platform_database(cfg, name, env)
    for slug, title in SITES:
        subprocess.run(
            [*manage, "tenants", "add", slug, "--name", title, "--kind", "province", "--hostname", f"{slug}.localhost"],
            **quiet,
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict, workers: int = 1) -> tuple[subprocess.Popen, int]:
    """uvicorn serving the ASGI app on a free port of 127.0.0.1 with ``workers`` processes."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1", "--port", str(port)]
        + ["--log-level", "critical", "--lifespan", "off", "--no-access-log", "--workers", str(workers)],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return process, port
        time.sleep(0.2)
    process.terminate()
    raise SystemExit("uvicorn did not start")


class Sampler(threading.Thread):
    """Peak of the server connections to the bench database (its own connection left out)."""

    def __init__(self, cfg: dict, name: str):
        super().__init__(daemon=True)
        self.conn = admin(cfg, name)
        self.name_ = name
        self.peak = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            (count,) = self.conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [self.name_]
            ).fetchone()
            self.peak = max(self.peak, count)
            time.sleep(0.02)

    def reset(self) -> None:
        self.peak = 0


POSTGRES_CLIENT = re.compile(r"^(\[local\]|\S+\(\d+\))$")  # "127.0.0.1(50070)": a client backend's peer


class CpuMeter(threading.Thread):
    """Cumulative CPU seconds (user + system) of groups of processes, sampled every ``interval`` s
    until ``stop`` is set, so that the CPU of any span in between is read afterwards (``seconds``).

    Groups: each of ``trees`` (name → root pid: the process and its descendants, e.g. the uvicorn
    master and its workers, the load generator); ``postgres`` — the PostgreSQL processes, i.e. the
    backends of ``database`` and the auxiliary processes (writer, checkpointer…), not the backends of
    other databases; ``redis`` — every ``redis-server``; ``machine`` — the busy time of every core. A
    process that appears later counts from zero; one that exits loses at most its last interval.
    Redis and PostgreSQL's auxiliary processes serve whoever else uses them: the figures assume an
    otherwise idle machine (``machine`` minus the groups shows how far it was from that)."""

    def __init__(self, trees: dict[str, int], database: str, interval: float = 0.25):
        super().__init__(daemon=True)
        self.trees, self.database, self.interval = trees, database, interval
        self.samples: list[tuple[float, dict[str, float]]] = []
        self.stop = threading.Event()
        self._groups: dict[tuple[int, float], str | None] = {}  # (pid, creation) → group
        self._base: dict[tuple[int, float], float] = {}
        self._last: dict[tuple[int, float], float] = {}
        self._machine_base = _machine_busy()
        self.sample()

    def run(self) -> None:
        while not self.stop.wait(self.interval):
            self.sample()
        self.sample()

    def sample(self) -> None:
        members = {pid: group for group, root in self.trees.items() for pid in _tree(root)}
        first = not self.samples
        for proc in psutil.process_iter(["name", "create_time", "cpu_times"]):
            times = proc.info["cpu_times"]
            key = (proc.pid, proc.info["create_time"] or 0.0)
            if key not in self._groups:
                self._groups[key] = members.get(proc.pid) or self._named_group(proc)
            if self._groups[key] is None or times is None:
                continue
            cpu = times.user + times.system
            self._base.setdefault(key, cpu if first else 0.0)
            self._last[key] = cpu
        totals = dict.fromkeys([*self.trees, "postgres", "redis"], 0.0)
        for key, cpu in self._last.items():
            totals[self._groups[key]] += cpu - self._base[key]
        totals["machine"] = _machine_busy() - self._machine_base
        self.samples.append((time.time(), totals))

    def _named_group(self, proc: psutil.Process) -> str | None:
        name = proc.info["name"]
        if name == "redis-server":
            return "redis"
        if name != "postgres":
            return None
        try:
            words = " ".join(proc.cmdline()).split()
        except psutil.Error:
            return None
        backend = any(POSTGRES_CLIENT.match(word) for word in words)
        return "postgres" if self.database in words or not backend else None

    def at(self, group: str, moment: float) -> float:
        """CPU seconds of ``group`` from the first sample until ``moment`` (interpolated)."""
        moments = [sampled for sampled, _ in self.samples]
        i = bisect.bisect_left(moments, moment)
        if i == 0 or i == len(moments):
            return self.samples[min(i, len(moments) - 1)][1][group]
        (t0, before), (t1, after) = self.samples[i - 1], self.samples[i]
        return before[group] + (after[group] - before[group]) * (moment - t0) / (t1 - t0)

    def seconds(self, start: float, end: float) -> dict[str, float]:
        """CPU seconds of every group between two ``time.time()`` moments."""
        return {group: self.at(group, end) - self.at(group, start) for group in self.samples[-1][1]}


def _tree(root: int) -> list[int]:
    try:
        process = psutil.Process(root)
        return [root, *(child.pid for child in process.children(recursive=True))]
    except psutil.NoSuchProcess:
        return []


def _machine_busy() -> float:
    times = psutil.cpu_times()  # Linux: guest time is already in user, steal is not ours
    return times.user + times.nice + times.system + getattr(times, "irq", 0.0) + getattr(times, "softirq", 0.0)


def client_loop(port: int, number: int, until: float, results: list) -> None:
    """Keep-alive GETs alternating between the sites until ``until``; (status | error, seconds) each."""
    connection = None
    turn = number
    while time.monotonic() < until:
        host = f"{SITES[turn % 2][0]}.localhost"
        turn += 1
        started = time.perf_counter()
        try:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/", headers={"Host": host})
            response = connection.getresponse()
            response.read()
            outcome = response.status
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException) as exc:
            outcome = type(exc).__name__
            if connection is not None:
                connection.close()
            connection = None
        results.append((outcome, time.perf_counter() - started))
    if connection is not None:
        connection.close()


def run_level(port: int, clients: int, seconds: float, sampler: Sampler) -> dict:
    results: list = []
    sampler.reset()
    until = time.monotonic() + seconds
    started = time.monotonic()
    threads = [threading.Thread(target=client_loop, args=(port, i, until, results)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    outcomes = Counter(outcome for outcome, _ in results)
    ok = sorted(seconds for outcome, seconds in results if outcome == 200)
    return {
        "clients": clients,
        "requests": len(results),
        "ok_per_s": round(len(ok) / elapsed, 1),
        "p50_ms": round(statistics.median(ok) * 1000) if ok else None,
        "p95_ms": round(ok[int(len(ok) * 0.95) - 1] * 1000) if len(ok) >= 20 else None,
        "500": outcomes.get(500, 0),
        "503": outcomes.get(503, 0),
        "other": {str(k): v for k, v in outcomes.items() if k not in (200, 500, 503)},
        "peak_connections": sampler.peak,
    }


def mode_env(base_env: dict, mode: str, args: argparse.Namespace) -> dict:
    env = dict(base_env)
    if mode == "pool":
        env.update(DB_POOL_SIZE=str(args.pool), DB_POOL_TIMEOUT=str(args.pool_timeout))
    elif mode == "no-persist":
        env.update(DB_POOL_SIZE="0", DB_CONN_MAX_AGE="0")
    elif mode == "persistent":
        env.update(DB_POOL_SIZE="0", DB_CONN_MAX_AGE="60")
    else:
        raise SystemExit(f"unknown mode {mode}")
    return env


def bench_database(suffix: str) -> tuple[dict, str, dict]:
    """(connection settings of ``DATABASE_URL``, the bench database's name ``<database>_<suffix>``,
    the environment of a production server on it: ``DEBUG=0``, keys of its own, quiet logs)."""
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/congttdt")
    cfg = dj_database_url.parse(base)
    name = f"{cfg['NAME']}_{suffix}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": base.rsplit("/", 1)[0] + "/" + name,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or f"bench-{suffix}-not-a-secret",
        "CACHE_KEY_PREFIX": f"bench_{suffix}_{os.getpid()}",
        "LOG_LEVEL": "CRITICAL",
        "SECURE_SSL_REDIRECT": "0",  # plain http on loopback (production redirects to https)
    }
    return cfg, name, env


def main() -> None:
    args = parse_args()
    cfg, name, env = bench_database("conn")
    say(f"preparing database {name} (two sites)…")
    prepare_database(cfg, name, {**env, "DEBUG": "1"})
    # The limit binds ordinary roles only: the server connects as one of its own, never as superuser.
    role = f"{name}_web"
    with admin(cfg) as conn:
        conn.execute(f'DROP ROLE IF EXISTS "{role}"')
        conn.execute(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER')
        conn.execute(f'ALTER DATABASE "{name}" CONNECTION LIMIT {args.limit}')
    with admin(cfg, name) as conn:
        schemas = [
            row[0]
            for row in conn.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'"
            )
        ]
        for schema in schemas:
            conn.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"')
            conn.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"')
            conn.execute(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{role}"')
    host = f"{cfg['HOST']}:{cfg['PORT'] or 5432}"
    env["DATABASE_URL"] = f"postgres://{role}@{host}/{name}"
    levels = [int(n) for n in args.clients.split(",")]
    report = []
    try:
        for mode in args.modes.split(","):
            process, port = start_server(mode_env(env, mode, args))
            sampler = Sampler(cfg, name)
            sampler.start()
            try:
                for slug, title in SITES:  # warm-up: templates, routing table, pool
                    for _ in range(3):
                        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                        connection.request("GET", "/", headers={"Host": f"{slug}.localhost"})
                        body = connection.getresponse().read().decode()
                        connection.close()
                    assert title in body, f"{slug}: warm-up page lacks the site's name"
                for clients in levels:
                    say(f"{mode}: {clients} clients for {args.seconds:.0f} s…")
                    row = {"mode": mode, **run_level(port, clients, args.seconds, sampler)}
                    report.append(row)
                    say(json.dumps(row, ensure_ascii=False))
            finally:
                sampler.stop.set()
                sampler.join(2)
                sampler.conn.close()
                process.terminate()
                process.wait(20)
    finally:
        if not args.keep:
            with admin(cfg) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')

    print(
        f"\nOne uvicorn process (DEBUG=0), database CONNECTION LIMIT {args.limit}, "
        f"pool mode DB_POOL_SIZE={args.pool} DB_POOL_TIMEOUT={args.pool_timeout}s, {args.seconds:.0f} s per level"
    )
    header = f"{'mode':<11} {'clients':>7} {'requests':>8} {'ok/s':>6} {'p50 ms':>6} {'p95 ms':>6} {'500':>5} {'503':>5} {'other':>6} {'peak conns':>10}"
    print(header)
    print("-" * len(header))
    for row in report:
        other = sum(row["other"].values())
        print(
            f"{row['mode']:<11} {row['clients']:>7} {row['requests']:>8} {row['ok_per_s']:>6} "
            f"{row['p50_ms'] if row['p50_ms'] is not None else '-':>6} {row['p95_ms'] if row['p95_ms'] is not None else '-':>6} "
            f"{row['500']:>5} {row['503']:>5} {other:>6} {row['peak_connections']:>10}"
        )


if __name__ == "__main__":
    main()
