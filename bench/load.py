#!/usr/bin/env python
"""Benchmark (prints figures, not a test): the page cache's effect on a real uvicorn with production
settings (``DEBUG=0``, ``WEB_CONCURRENCY`` workers as in ``deploy/entrypoint.sh``) serving 5 sites,
once with the page cache and once without (``PAGE_CACHE=0``), in the same run. Each phase (a server
of its own) runs, with the citizens of ``bench/load_citizens.py`` (Locust headless, one process):

1. **citizens** — what the issue asks: 200 concurrent citizens for 60 s, 1–3 s of thinking between
   requests. They read the home page, the news list and articles, filter the document register,
   search the province and send questions. Printed per request type: requests, throughput,
   p50/p95/p99, errors and the page cache's answers (hit/miss/bypass). Thinking caps what they can
   offer (≈ users / mean think, 100 req/s for 200 users): this step measures latency under a
   realistic load, not capacity, and its throughput ratio compares offered loads.
2. **at rest** — no requests for ``--rest-seconds`` (default 3, 0 skips): the server side's CPU
   when idle, the floor included in every cost below (on a shared machine, others' use of
   PostgreSQL and Redis shows here).
3. **saturation** — the same mix without thinking at a few connection counts (``--capacity-users``,
   default 16,64,200; ``--capacity-seconds`` each, 0 skips): the throughput the server sustains,
   p50/p95/p99 and errors.
4. **cost per type** — each request type alone, without thinking, at ``--cost-users`` connections
   for ``--cost-seconds`` (0 skips): the server's CPU per request of that type (a question is its
   form and its submission: the cost is per request of the pair).

For every step the CPU time of the server side is measured (``bench.connections.CpuMeter``, from
``/proc`` through psutil): the uvicorn process tree, the PostgreSQL processes of the bench database
(its backends and the server's auxiliary processes) and ``redis-server``. Divided by the requests
served it is a cost that does not depend on the load generator: milliseconds of CPU per request,
and ``cores / cost`` estimates the capacity of the machine. Printed beside it: how busy the server
side kept the machine's cores, the generator's own CPU (% of one core: near 100 % a single Locust
process is the bottleneck, not the server) and the rest of the machine's busy time ("other": other
work on a shared machine). The CPU figures assume an otherwise idle machine: Redis and PostgreSQL's
auxiliary processes are counted whole, whoever else uses them.

Then the ratios cached / uncached — of the throughput of the cacheable pages at 200 citizens, of the
cost per request (per type, and of the cacheable pages in the citizens' mix), of the saturation
throughput — and the issue's targets, each met or missed: 0 errors; cached pages ≥ 10× the uncached
throughput; at 200 citizens p95 ≤ 50 ms cached, ≤ 300 ms uncached.

The sites live in a database of their own, ``<database>_load`` (a province, a district and three
communes, each with 12 articles, 12 legal documents and a Q&A page), built unless ``--reuse`` and
dropped at the end unless ``--keep``. Servers are started with ``bench.connections.start_server``.

Run: ``.venv/bin/python bench/load.py [--users 200] [--seconds 60] [--think 1-3]
[--rest-seconds 3] [--capacity-users 16,64,200] [--capacity-seconds 15] [--cost-users 8] [--cost-seconds 5]
[--reuse --keep]``
"""

from __future__ import annotations

import argparse
import csv
import http.client
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.connections import (  # noqa: E402
    ROOT,
    CpuMeter,
    admin,
    bench_database,
    create_platform_database,
    say,
    start_server,
)

SITES = [  # slug, name, kind, parent slug
    ("phutho", "Tỉnh Phú Thọ", "province", None),
    ("thanhson", "Huyện Thanh Sơn", "district", "phutho"),
    ("sonhung", "Xã Sơn Hùng", "commune", "thanhson"),
    ("thucluyen", "Xã Thục Luyện", "commune", "thanhson"),
    ("tanlap", "Xã Tân Lập", "commune", "thanhson"),
]
ARTICLES = 12
TYPES = {  # tag of a task of bench/load_citizens.py → the request types it sends
    "home": ("home",),
    "news-list": ("news list",),
    "article": ("news article",),
    "documents": ("document search (filters)",),
    "search": ("province search",),
    "question": ("Q&A form", "Q&A submission"),
}
CACHEABLE = ("home", "news list", "news article", "document search (filters)")
SERVER_SIDE = ("uvicorn", "postgres", "redis")
CORES = os.cpu_count() or 1
GENERATOR_BOUND = 0.8  # of one core: a single Locust process near it limits the throughput measured
ADDRESSES = itertools.count(10)  # first octet of the citizens' addresses, one per step: per-address limits


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--think", default="1-3", help="seconds a citizen reads between requests (min-max)")
    parser.add_argument("--capacity-users", default="16,64,200", help="connection counts of the saturation step")
    parser.add_argument("--capacity-seconds", type=int, default=15, help="seconds per count (0: no saturation step)")
    parser.add_argument("--cost-users", type=int, default=8, help="connections of each request type's cost step")
    parser.add_argument("--cost-seconds", type=int, default=5, help="seconds per request type (0: no cost step)")
    parser.add_argument("--rest-seconds", type=int, default=3, help="seconds without requests (0: none)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    parser.add_argument("--phases", default="cached,uncached")
    parser.add_argument("--reuse", action="store_true", help="use the bench database as it is")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    return parser.parse_args()


def hostname(slug: str) -> str:
    return f"{slug}.localhost"


def build_database(cfg: dict, name: str, env: dict) -> None:
    manage, quiet = create_platform_database(cfg, name, env)
    paths: dict[str, str] = {}
    for slug, title, kind, parent in SITES:
        extra = ["--parent", paths[parent]] if parent else []
        subprocess.run(
            [*manage, "tenants", "add", slug, "--name", title, "--kind", kind, "--hostname", hostname(slug), *extra],
            **quiet,
        )
        paths[slug] = f"{paths[parent]}.{slug}" if parent else slug
    subprocess.run([sys.executable, "-m", "bench.load", "content"], **quiet)


def add_content() -> None:
    """Child process (``python -m bench.load content``): the pages of every bench site, then the
    search outbox drained into the province-wide aggregate."""
    import django

    django.setup()
    from django_tenants.utils import tenant_context
    from wagtail.models import Site

    from participation.models import QuestionIndexPage
    from search.indexer import drain_all
    from tenants.models import Tenant
    from tests import factories

    for slug, title, _kind, _parent in SITES:
        tenant = Tenant.objects.get(slug=slug)
        with tenant_context(tenant):
            news = factories.NewsIndexPageFactory()
            for n in range(1, ARTICLES + 1):
                factories.NewsPageFactory(
                    parent=news, title=f"{title}: giao thông nông thôn, văn hóa và y tế — tin {n}", slug=f"tin-{n}"
                )
            register = factories.LegalDocumentIndexPageFactory()
            for n in range(ARTICLES):
                year = 2024 + n % 3
                factories.LegalDocumentPageFactory(
                    parent=register,
                    slug=f"van-ban-{n}",
                    issue_date=factories.datetime.date(year, 1 + n % 12, 10),
                    summary=f"Quyết định về đất đai và hộ tịch năm {year} ({title})",
                )
            home = Site.objects.get(is_default_site=True).root_page
            questions = QuestionIndexPage(title="Hỏi đáp", slug="hoi-dap")
            home.add_child(instance=questions)
            questions.save_revision().publish()
    drain_all()


def warm(port: int) -> None:
    for slug, title, _kind, _parent in SITES:
        for path in ("/", "/tin-tuc/", "/van-ban/", "/hoi-dap/"):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", path, headers={"Host": hostname(slug)})
            response = connection.getresponse()
            body = response.read().decode()
            connection.close()
            if response.status != 200 or (path == "/" and title not in body):
                raise SystemExit(f"warm-up: {hostname(slug)}{path} answered {response.status}")


@dataclass
class Server:
    port: int
    pid: int  # the uvicorn master
    database: str


@dataclass(frozen=True)
class Load:
    """What one Locust run asks: ``users`` for ``seconds``, ``think`` seconds between requests
    ("min-max", "0" for none), every task or the one tagged ``tag``."""

    kind: str  # "citizens", "rest" (no requests), "saturation" or "alone" (one request type)
    users: int
    seconds: int
    think: str = "0"
    tag: str | None = None

    @property
    def label(self) -> str:
        labels = {"citizens": f"{self.users} citizens", "rest": "at rest", "saturation": f"saturation {self.users}"}
        return labels.get(self.kind, f"alone: {self.tag}")


@dataclass
class Step:
    """One Locust run against a phase's server: Locust's figures per request type (and
    ``Aggregated``), the page cache's answers, and the CPU seconds of each group over the run."""

    load: Load
    rows: dict[str, dict]
    tally: dict[str, int]
    cpu: dict[str, float]
    seconds: float

    def figures(self, name: str = "Aggregated") -> dict:
        return figures(self.rows[name]) if name in self.rows else figures({})

    def requests(self) -> int:
        return self.figures()["requests"]

    def cost_ms(self, group: str | None = None) -> float | None:
        """Milliseconds of CPU per request of one group, or of the whole server side."""
        cpu = self.cpu[group] if group else sum(self.cpu[g] for g in SERVER_SIDE)
        return cpu * 1000 / self.requests() if self.requests() else None

    def rps(self) -> float:
        return self.figures()["rps"]

    def cacheable_rps(self) -> float:
        return sum(self.figures(name)["rps"] for name in CACHEABLE)


def figures(row: dict) -> dict:
    return {
        "requests": int(row.get("Request Count") or 0),
        "rps": float(row.get("Requests/s") or 0),
        "p50": float(row.get("50%") or 0),
        "p95": float(row.get("95%") or 0),
        "p99": float(row.get("99%") or 0),
        "errors": int(row.get("Failure Count") or 0),
    }


def locust_step(server: Server, load: Load) -> Step:
    """The ``load`` against the server, the server side's CPU and the generator's metered meanwhile."""
    address = next(ADDRESSES)
    assert address < 256, "too many steps for the address scheme of bench/load_citizens.py"
    sites = [{"host": hostname(slug), "kind": kind, "articles": ARTICLES} for slug, _t, kind, _p in SITES]
    with tempfile.TemporaryDirectory() as tmp:
        prefix, tally_path = f"{tmp}/stats", f"{tmp}/tally.json"
        env = {
            **os.environ,
            "LOAD_SITES": json.dumps(sites),
            "LOAD_THINK": load.think,
            "LOAD_TALLY": tally_path,
            "LOAD_ADDRESS_BASE": str(address),
        }
        tag_options = ["--tags", load.tag] if load.tag else []
        users = load.users
        spawn_rate = users if load.think == "0" else max(users // 4, 1)  # no think: all at once (short steps)
        generator = subprocess.Popen(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "load_citizens.py"), "--headless"]
            + ["-u", str(users), "-r", str(spawn_rate), "-t", f"{load.seconds}s", *tag_options]
            + ["--host", f"http://127.0.0.1:{server.port}", "--csv", prefix, "--only-summary"]
            + ["--loglevel", "ERROR", "--stop-timeout", "10", "--exit-code-on-error", "0"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        meter = CpuMeter({"uvicorn": server.pid, "generator": generator.pid}, server.database)
        meter.start()
        try:
            generator.wait(load.seconds + 120)
        finally:
            meter.stop.set()
            meter.join()
        if generator.returncode:
            raise SystemExit(f"{load.label}: Locust exited with {generator.returncode}")
        with open(f"{prefix}_stats.csv") as stats:
            rows = {row["Name"]: row for row in csv.DictReader(stats)}
        result = json.loads(Path(tally_path).read_text())
    started, stopped = result.get("started", meter.samples[0][0]), result.get("stopped", meter.samples[-1][0])
    return Step(load, rows, result["tally"], meter.seconds(started, stopped), stopped - started)


def rest_step(server: Server, load: Load) -> Step:
    """No requests for ``load.seconds``: the server side's CPU at rest (background work, and whatever
    else uses PostgreSQL and Redis), a floor included in every cost per request."""
    meter = CpuMeter({"uvicorn": server.pid}, server.database)
    meter.start()
    time.sleep(load.seconds)
    meter.stop.set()
    meter.join()
    started, stopped = meter.samples[0][0], meter.samples[-1][0]
    return Step(load, {}, {}, meter.seconds(started, stopped), stopped - started)


def run_phase(env: dict, args: argparse.Namespace, phase: str, database: str) -> list[Step]:
    """The phase's steps: the citizens, the saturation levels, the cost of each request type."""
    phase_env = {**env, "PAGE_CACHE": "1" if phase == "cached" else "0"}
    process, port = start_server(phase_env, workers=args.workers)
    server = Server(port, process.pid, database)
    steps = []
    try:
        warm(port)
        for load in loads(args):
            say(f"{phase}: {load.label}, {load.users} users for {load.seconds} s ({args.workers} workers)…")
            steps.append(rest_step(server, load) if load.kind == "rest" else locust_step(server, load))
    finally:
        process.terminate()
        process.wait(30)
    return steps


def loads(args: argparse.Namespace) -> list[Load]:
    """The steps of a phase: the citizens first (they are ``steps[0]``), the rest, the saturation, the
    costs."""
    saturation = [int(n) for n in args.capacity_users.split(",")] if args.capacity_seconds else []
    return [
        Load("citizens", args.users, args.seconds, args.think),
        *([Load("rest", 0, args.rest_seconds)] if args.rest_seconds else []),
        *[Load("saturation", users, args.capacity_seconds) for users in saturation],
        *[Load("alone", args.cost_users, args.cost_seconds, tag=tag) for tag in TYPES if args.cost_seconds],
    ]


def offered_ceiling(args: argparse.Namespace) -> float:
    """The most the citizens can ask for: users / mean think time (requests taking no time)."""
    bounds = [float(part) for part in args.think.split("-")]
    mean = (bounds[0] + bounds[-1]) / 2
    return args.users / mean if mean else float("inf")


def report_citizens(results: dict[str, list[Step]], args: argparse.Namespace) -> None:
    print(
        f"\n{args.users} citizens, {len(SITES)} sites, {args.seconds} s per phase, think {args.think} s "
        f"(they can offer at most ≈ {offered_ceiling(args):.0f} req/s), {args.workers} uvicorn workers, DEBUG=0"
    )
    header = f"{'phase':9} {'request type':28} {'requests':>8} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}  cache"
    print(header)
    print("-" * len(header))
    for phase, steps in results.items():
        citizens = steps[0]
        for name in citizens.rows:
            f = citizens.figures(name)
            answers = ", ".join(
                f"{key.split('|')[1]} {count}"
                for key, count in sorted(citizens.tally.items())
                if key.split("|")[0] == name
            )
            print(
                f"{phase:9} {name:28} {f['requests']:8d} {f['rps']:8.1f} {f['p50']:7.0f} {f['p95']:7.0f} "
                f"{f['p99']:7.0f} {f['errors']:6d}  {answers}"
            )


def report_steps(results: dict[str, list[Step]]) -> None:
    print(
        f"\nevery step: throughput and latency (Locust), server-side CPU per request (ms: uvicorn, PostgreSQL, "
        f"Redis, total) and the capacity it implies ({CORES} cores / total); busy share of the {CORES} cores "
        "by the server side and by the rest of the machine, and the generator's CPU in % of one core"
    )
    header = (
        f"{'phase':9} {'step':20} {'users':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'errors':>6} "
        f"{'uv ms':>6} {'pg ms':>6} {'rd ms':>6} {'cpu ms':>6} {'est/s':>6} {'srv %':>5} {'oth %':>5} {'gen %':>5}"
    )
    print(header)
    print("-" * len(header))
    for phase, steps in results.items():
        for step in steps:
            f = step.figures()
            costs = [step.cost_ms(group) for group in (*SERVER_SIDE, None)]
            machine = CORES * step.seconds or 1
            server = sum(step.cpu[g] for g in SERVER_SIDE)
            generator = step.cpu.get("generator", 0.0)
            other = max(step.cpu["machine"] - server - generator, 0.0)
            print(
                f"{phase:9} {step.load.label:20} {step.load.users:5d} {f['rps']:7.1f} {f['p50']:6.0f} {f['p95']:6.0f} "
                f"{f['p99']:6.0f} {f['errors']:6d} "
                + " ".join(f"{cost:6.2f}" if cost is not None else f"{'-':>6}" for cost in costs)
                + f" {capacity(costs[-1]):6.0f} {server * 100 / machine:5.0f} {other * 100 / machine:5.0f} "
                f"{generator * 100 / step.seconds:5.0f}"
            )


def warn_generator(results: dict[str, list[Step]]) -> None:
    """Name the steps where the generator (one Locust process: one core at most) was near its limit."""
    bound = [
        f"{phase} {step.load.label}"
        for phase, steps in results.items()
        for step in steps
        if step.cpu.get("generator", 0.0) >= GENERATOR_BOUND * step.seconds
    ]
    if bound:
        print(f"generator-bound (≥ {GENERATOR_BOUND:.0%} of a core), their throughput is a floor: {', '.join(bound)}")


def capacity(cost_ms: float | None) -> float:
    return CORES * 1000 / cost_ms if cost_ms else 0.0


def type_costs(steps: list[Step]) -> dict[str, float | None]:
    """Server-side ms of CPU per request of each request type, from the steps of one type alone."""
    return {step.load.tag: step.cost_ms() for step in steps if step.load.kind == "alone"}


def cacheable_cost(steps: list[Step]) -> float | None:
    """Server-side ms per cacheable page in the citizens' mix: the types' costs weighted by how often
    the citizens asked for each."""
    costs = type_costs(steps)
    weights = {tag: sum(steps[0].figures(name)["requests"] for name in TYPES[tag]) for tag in costs}
    cacheable = [tag for tag in costs if set(TYPES[tag]) <= set(CACHEABLE) and costs[tag] is not None]
    total = sum(weights[tag] for tag in cacheable)
    return sum(weights[tag] * costs[tag] for tag in cacheable) / total if total else None


def report_types(results: dict[str, list[Step]]) -> None:
    cached, uncached = type_costs(results["cached"]), type_costs(results["uncached"])
    if not cached:
        return
    print(
        "\n(a) server-side ms of CPU per request, each type alone (ratio: uncached / cached); capacity = cores / cost"
    )
    header = f"{'request type':14} {'cached ms':>9} {'uncached ms':>11} {'ratio':>7} {'cached est/s':>12} {'uncached est/s':>14}"
    print(header)
    print("-" * len(header))
    for tag in cached:
        c, u = cached[tag], uncached.get(tag)
        print(f"{tag:14} {c or 0:9.2f} {u or 0:11.2f} {ratio(u, c):>7} {capacity(c):12.0f} {capacity(u):14.0f}")


def ratio(numerator: float | None, denominator: float | None) -> str:
    return f"{numerator / denominator:.1f}×" if numerator and denominator else "-"


def best(steps: list[Step], value: Callable[[Step], float]) -> float:
    """The best of ``value`` over the phase's saturation steps (0 without them)."""
    return max((value(step) for step in steps if step.load.kind == "saturation"), default=0.0)


def compared(what: str, cached: float | None, uncached: float | None, digits: int, cost: bool = False) -> tuple:
    """A row of the targets table: both values ("-" when not measured) and their ratio, cached /
    uncached for a throughput, uncached / cached for a ``cost``."""
    numerator, denominator = (uncached, cached) if cost else (cached, uncached)
    times = numerator / denominator if numerator and denominator else None
    shown = [f"{value:.{digits}f}" if value else "-" for value in (cached, uncached)]
    return what, *shown, ratio(numerator, denominator), times


def report_targets(results: dict[str, list[Step]], args: argparse.Namespace) -> None:
    cached, uncached = results["cached"], results["uncached"]
    c_cost, u_cost = cacheable_cost(cached), cacheable_cost(uncached)
    c_errors, u_errors = cached[0].figures()["errors"], uncached[0].figures()["errors"]
    c_p95, u_p95 = cached[0].figures()["p95"], uncached[0].figures()["p95"]
    tenfold = [  # (what, cached, uncached, ratio, its value): the issue's ≥ 10× for each way of measuring
        compared(
            f"cacheable pages req/s, citizens (offer ≤ {offered_ceiling(args):.0f})",
            cached[0].cacheable_rps(),
            uncached[0].cacheable_rps(),
            1,
        ),
        compared("(a) cpu ms per cacheable page, citizens' mix", c_cost, u_cost, 2, cost=True),
        compared(
            "(b) saturation req/s, cacheable pages",
            *(best(steps, Step.cacheable_rps) for steps in (cached, uncached)),
            1,
        ),
    ]
    informative = [
        compared("(a) capacity est. req/s, cacheable pages", capacity(c_cost), capacity(u_cost), 0),
        compared("(a) cpu ms per request, citizens' mix", cached[0].cost_ms(), uncached[0].cost_ms(), 2, cost=True),
        compared("(b) saturation req/s, citizens' mix", *(best(steps, Step.rps) for steps in (cached, uncached)), 1),
    ]
    rows = [  # what, cached, uncached, ratio, target, met (None: not measured or no target)
        ("errors, citizens (both phases)", str(c_errors), str(u_errors), "", "0", c_errors + u_errors == 0),
        *[(*row[:4], "≥ 10×", None if row[4] is None else row[4] >= 10) for row in tenfold],
        *[(*row[:4], "", None) for row in informative],
        (f"p95 ms, {args.users} citizens, cached", f"{c_p95:.0f}", "", "", "≤ 50", c_p95 <= 50),
        (f"p95 ms, {args.users} citizens, uncached", "", f"{u_p95:.0f}", "", "≤ 300", u_p95 <= 300),
    ]
    print("\nratios and targets (throughput: cached / uncached; cost: uncached / cached)")
    header = f"{'':46} {'cached':>8} {'uncached':>8} {'ratio':>7} {'target':>7}  verdict"
    print(header)
    print("-" * len(header))
    for what, c, u, r, target, met in rows:
        verdict = "" if not target else "n/a" if met is None else "met" if met else "MISSED"
        print(f"{what:46} {c:>8} {u:>8} {r:>7} {target:>7}  {verdict}")
    if args.users != 200 or args.seconds < 60:
        print(f"(a short run — {args.users} citizens for {args.seconds} s — not the issue's 200 for 60 s)")


def report(results: dict[str, list[Step]], args: argparse.Namespace) -> None:
    report_citizens(results, args)
    report_steps(results)
    warn_generator(results)
    if {"cached", "uncached"} <= results.keys():
        report_types(results)
        report_targets(results, args)


def main() -> None:
    args = parse_args()
    cfg, name, env = bench_database("load")
    env |= {
        "SECURE_COOKIES": "0",  # plain http on 127.0.0.1
        "REQUEST_LOG_LEVEL": "CRITICAL",
        "TENANT_SITE_PORT": "80",
    }
    if not args.reuse:
        say(f"building database {name} ({len(SITES)} sites with content)…")
        build_database(cfg, name, {**env, "DEBUG": "1"})
    results = {}
    try:
        for phase in args.phases.split(","):
            results[phase] = run_phase(env, args, phase, name)
    finally:
        if not args.keep:
            with admin(cfg) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    report(results, args)


if __name__ == "__main__":
    if sys.argv[1:2] == ["content"]:
        add_content()
    else:
        main()
