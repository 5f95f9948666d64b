#!/usr/bin/env python
"""Benchmark (prints figures, not a test): 200 concurrent simulated citizens over 5 sites for 60 s
against a real uvicorn with production settings (``DEBUG=0``, ``WEB_CONCURRENCY`` workers as in
``deploy/entrypoint.sh``), once with the page cache and once without (``PAGE_CACHE=0``), in the same
run. The citizens (``bench/load_citizens.py``, Locust headless) read the home page, the news list and
articles, filter the document register, search the province and send questions. Printed per request
type and phase: requests, throughput, p50/p95/p99, errors and the page cache's answers (hit/miss/
bypass), then the targets (0 errors; cached pages ≥ 10× the uncached throughput; p95 ≤ 50 ms cached,
≤ 300 ms uncached).

The sites live in a database of their own, ``<database>_load`` (a province, a district and three
communes, each with 12 articles, 12 legal documents and a Q&A page), built unless ``--reuse`` and
dropped at the end unless ``--keep``. Servers are started with ``bench.connections.start_server``.

Run: ``.venv/bin/python bench/load.py [--users 200] [--seconds 60] [--think 1-3] [--reuse --keep]``
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.connections import ROOT, admin, bench_database, create_platform_database, say, start_server  # noqa: E402

SITES = [  # slug, name, kind, parent slug
    ("phutho", "Tỉnh Phú Thọ", "province", None),
    ("thanhson", "Huyện Thanh Sơn", "district", "phutho"),
    ("sonhung", "Xã Sơn Hùng", "commune", "thanhson"),
    ("thucluyen", "Xã Thục Luyện", "commune", "thanhson"),
    ("tanlap", "Xã Tân Lập", "commune", "thanhson"),
]
ARTICLES = 12
CACHEABLE = ("home", "news list", "news article", "document search (filters)")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--think", default="1-3", help="seconds a citizen reads between requests (min-max)")
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


def run_phase(env: dict, args: argparse.Namespace, phase: str, number: int) -> dict:
    phase_env = {**env, "PAGE_CACHE": "1" if phase == "cached" else "0"}
    process, port = start_server(phase_env, workers=args.workers)
    try:
        warm(port)
        with tempfile.TemporaryDirectory() as tmp:
            prefix, tally_path = f"{tmp}/stats", f"{tmp}/tally.json"
            sites = [{"host": hostname(slug), "kind": kind, "articles": ARTICLES} for slug, _t, kind, _p in SITES]
            locust_env = {
                **os.environ,
                "LOAD_SITES": json.dumps(sites),
                "LOAD_THINK": args.think,
                "LOAD_TALLY": tally_path,
                "LOAD_ADDRESS_BASE": str(10 + number),  # other addresses per phase: per-address limits
            }
            say(f"{phase}: {args.users} citizens for {args.seconds} s ({args.workers} workers)…")
            subprocess.run(
                [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "load_citizens.py"), "--headless"]
                + ["-u", str(args.users), "-r", str(max(args.users // 4, 1)), "-t", f"{args.seconds}s"]
                + ["--host", f"http://127.0.0.1:{port}", "--csv", prefix, "--only-summary"]
                + ["--loglevel", "ERROR", "--stop-timeout", "10", "--exit-code-on-error", "0"],
                cwd=ROOT,
                env=locust_env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            with open(f"{prefix}_stats.csv") as stats:
                rows = {row["Name"]: row for row in csv.DictReader(stats)}
            tally = json.load(open(tally_path)) if os.path.exists(tally_path) else {}
    finally:
        process.terminate()
        process.wait(30)
    return {"rows": rows, "tally": tally}


def figures(row: dict) -> dict:
    return {
        "requests": int(row["Request Count"]),
        "rps": float(row["Requests/s"]),
        "p50": float(row["50%"] or 0),
        "p95": float(row["95%"] or 0),
        "p99": float(row["99%"] or 0),
        "errors": int(row["Failure Count"]),
    }


def report(results: dict[str, dict], args: argparse.Namespace) -> None:
    print(
        f"\n{args.users} citizens, {len(SITES)} sites, {args.seconds} s per phase, think {args.think} s, "
        f"{args.workers} uvicorn workers, DEBUG=0"
    )
    header = f"{'phase':9} {'request type':28} {'requests':>8} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}  cache"
    print(header)
    print("-" * len(header))
    for phase, result in results.items():
        for name, row in result["rows"].items():
            f = figures(row)
            answers = ", ".join(
                f"{key.split('|')[1]} {count}"
                for key, count in sorted(result["tally"].items())
                if key.split("|")[0] == name
            )
            print(
                f"{phase:9} {name:28} {f['requests']:8d} {f['rps']:8.1f} {f['p50']:7.0f} {f['p95']:7.0f} "
                f"{f['p99']:7.0f} {f['errors']:6d}  {answers}"
            )
    if {"cached", "uncached"} <= results.keys():
        print("\ntargets")
        cached = [figures(results["cached"]["rows"][n]) for n in CACHEABLE if n in results["cached"]["rows"]]
        uncached = [figures(results["uncached"]["rows"][n]) for n in CACHEABLE if n in results["uncached"]["rows"]]
        errors = sum(
            figures(r)["errors"] for res in results.values() for k, r in res["rows"].items() if k != "Aggregated"
        )
        ratio = sum(f["rps"] for f in cached) / max(sum(f["rps"] for f in uncached), 1e-9)
        cached_p95 = figures(results["cached"]["rows"]["Aggregated"])["p95"]
        cached_pages_p95 = max(f["p95"] for f in cached)
        uncached_p95 = figures(results["uncached"]["rows"]["Aggregated"])["p95"]
        print(f"  errors (both phases)                  {errors:8d}   target 0")
        print(f"  cacheable pages: throughput ratio     {ratio:8.1f}×  target ≥ 10×")
        print(f"  cached p95 (all / worst page type)    {cached_p95:5.0f} / {cached_pages_p95:.0f} ms  target ≤ 50 ms")
        print(f"  uncached p95 (all)                    {uncached_p95:5.0f} ms  target ≤ 300 ms")


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
        for number, phase in enumerate(args.phases.split(",")):
            results[phase] = run_phase(env, args, phase, number)
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
