#!/usr/bin/env python
"""Benchmark (prints figures, not a test): what one uncached public page costs (issue 13 item 5) —
per page type (home, news index, news article, legal document register, Q&A index, question page)
the SQL statements of one render and the median render time over N renders, with the kept parts
(``kept``) and, in the same run and the same process, with them cleared before each render
(``baseline``): the Wagtail Site kept with the routing table, the per-request memo of Locale and
view restrictions (``core.requestmemo``), and the fragments of the register's filter lists, the news
categories and the routing of slugs. Printed as ratios kept / baseline.

Renders are in-process through Django's WSGI handler (``bench.serving``'s environ and statement
counter: statements are counted at the psycopg cursor, ``SET search_path`` included), production
settings (``DEBUG=0``) with the page cache off (``PAGE_CACHE=0``), alternating kept and baseline
renders in rounds so that drift of the machine falls on both sides. The site lives in a database of
its own, ``<database>_uncached`` (a province, a district and a commune with the content tests'
content — news, legal documents, sections — plus answered questions), dropped at the end unless
``--keep``; ``--reuse`` keeps one from an earlier ``--keep`` run.

Run: ``.venv/bin/python bench/uncached.py [--renders 200] [--rounds 10] [--keep] [--reuse]``
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.connections import ROOT, admin, bench_database, create_platform_database, say  # noqa: E402

SITES = [  # slug, name, kind, parent slug
    ("phutho", "Tỉnh Phú Thọ", "province", None),
    ("thanhson", "Huyện Thanh Sơn", "district", "phutho"),
    ("sonhung", "Xã Sơn Hùng", "commune", "thanhson"),
]
HOST = "sonhung.localhost"
KEPT_FRAGMENTS = ("register-filters:", "news-categories:", "child:")  # fragments this work added
EARLIER = {  # statements per uncached render measured before (issue 13 item 5)
    "home": 11,
    "news index": 17,
    "news article": 16,
    "legal document register": 20,
    "Q&A index": 13,
    "question page": 12,
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--renders", type=int, default=200, help="renders per page type and side (default 200)")
    parser.add_argument("--rounds", type=int, default=10, help="alternating rounds the renders are split into")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument("--reuse", action="store_true", help="reuse the bench database of a --keep run")
    parser.add_argument("--show-queries", action="store_true", help="print the statements of one kept render")
    return parser.parse_args()


def build_database(cfg: dict, name: str, env: dict) -> None:
    manage, quiet = create_platform_database(cfg, name, env)
    paths: dict[str, str] = {}
    for slug, title, kind, parent in SITES:
        extra = ["--parent", paths[parent]] if parent else []
        hostname = f"{slug}.localhost"
        subprocess.run(
            [*manage, "tenants", "add", slug, "--name", title, "--kind", kind, "--hostname", hostname, *extra],
            **quiet,
        )
        paths[slug] = f"{paths[parent]}.{slug}" if parent else slug
    subprocess.run([sys.executable, "-m", "bench.uncached", "content"], **quiet)


def add_content() -> None:
    """Child process (``python -m bench.uncached content``): the commune's content."""
    import datetime

    import django

    django.setup()
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from participation.models import Question
    from tenants.models import Tenant
    from tests import factories
    from tests.content_data import build_content

    tenant = Tenant.objects.get(slug="sonhung")
    with tenant_context(tenant):
        build_content(tenant)
        qa = factories.QuestionIndexPageFactory()
        now = timezone.now()
        for number in range(8):
            Question.objects.create(
                page=qa,
                asker_name="Nguyễn Văn An",
                asker_address="Khu 3",
                topic="Đất đai",
                title=f"Cấp giấy chứng nhận quyền sử dụng đất {number}",
                body="Thủ tục thế nào?",
                received_at=now - datetime.timedelta(days=number + 1),
                status=Question.Status.ANSWERED,
                answer="Nộp hồ sơ tại bộ phận một cửa.",
                answered_at=now - datetime.timedelta(days=number),
                published=True,
                published_at=now - datetime.timedelta(days=number),
            )


def page_paths() -> dict[str, str]:
    from django_tenants.utils import tenant_context

    from participation.models import Question
    from sites.models import NewsPage
    from tenants.models import Tenant

    with tenant_context(Tenant.objects.get(slug="sonhung")):
        article = NewsPage.objects.live().order_by("-date").first()
        question = Question.objects.public().order_by("-answered_at").first()
        return {
            "home": "/",
            "news index": "/tin-tuc/",
            "news article": f"/tin-tuc/{article.slug}/",
            "legal document register": "/van-ban/",
            "Q&A index": "/hoi-dap/",
            "question page": f"/hoi-dap/cau-hoi/{question.pk}/",
        }


@contextlib.contextmanager
def _no_memo():
    yield None


class Baseline:
    """Switches the kept parts off for one render (and back on): the Site of the routing table is
    forgotten, the request memo is not opened, and the fragments this work added are built."""

    def __init__(self) -> None:
        import pagecache.fragments
        import sites.models.news
        import sites.views
        import tenants.middleware

        self.modules = [pagecache.fragments, sites.models.news, sites.views]
        self.fragment = pagecache.fragments.site_fragment
        self.middleware = tenants.middleware
        self.scope = tenants.middleware.request_scope

    def __enter__(self):
        from tenants.routing import routing_table

        fragment = self.fragment

        def uncached_fragment(name, build):
            return build() if name.startswith(KEPT_FRAGMENTS) else fragment(name, build)

        routing_table._sites = {}
        self.middleware.request_scope = _no_memo
        for module in self.modules:
            module.site_fragment = uncached_fragment
        return self

    def __exit__(self, *exc):
        self.middleware.request_scope = self.scope
        for module in self.modules:
            module.site_fragment = self.fragment


def measure(renders: int, rounds: int) -> None:
    """Child process (``python -m bench.uncached measure N ROUNDS``): one JSON line of results."""
    import django

    django.setup()
    from bench.serving import _environ, _install_counter, _StatementLog

    _install_counter()
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    statuses: list[str] = []

    def start_response(status, _headers, _exc_info=None):
        statuses.append(status)

    def one(path: str) -> float:
        statuses.clear()
        started = time.perf_counter()
        response = handler(_environ(HOST, path), start_response)
        body = b"".join(response)
        response.close()
        elapsed = time.perf_counter() - started
        if not statuses[0].startswith("200") or not body:
            raise SystemExit(f"{HOST}{path} answered {statuses[0]}")
        return elapsed

    def statements(path: str, baseline: bool) -> list[str]:
        with Baseline() if baseline else contextlib.nullcontext():
            one(path)  # a kept side: its caches filled
            _StatementLog.statements = []
            one(path)
            sql = _StatementLog.statements
            _StatementLog.statements = None
        return sql

    def counted(sql: list[str]) -> list[str]:
        """The statements the page asks for, as Django's query log counts them (the connection's own
        ``SET search_path`` and empty statements of a fresh connection are counted apart)."""
        return [statement for statement in sql if statement.strip() and not statement.startswith("SET search_path")]

    paths = page_paths()
    for path in paths.values():  # warm-up: imports, templates, connection, caches
        for _ in range(5):
            one(path)
    results = {}
    per_round = max(1, renders // rounds)
    for name, path in paths.items():
        kept, baseline = [], []
        for _ in range(rounds):
            kept.extend(one(path) for _ in range(per_round))
            for _ in range(per_round):
                with Baseline():
                    baseline.append(one(path))
        sql = statements(path, baseline=False)
        results[name] = {
            "path": path,
            "sql": [statement[:150] for statement in counted(sql)],
            "statements": len(counted(sql)),
            "connection_statements": len(sql) - len(counted(sql)),
            "baseline_statements": len(counted(statements(path, baseline=True))),
            "median": statistics.median(kept),
            "baseline_median": statistics.median(baseline),
            "renders": len(kept),
        }
    print(json.dumps(results), flush=True)


def report(results: dict, renders: int, show_queries: bool = False) -> bool:
    print(f"\nUncached page renders in-process (DEBUG=0, page cache off), {renders} renders per side\n")
    header = f"{'page type':<26}{'SQL kept':>9}{'baseline':>9}{'ratio':>7}{'earlier':>8}"
    header += f"{'ms kept':>10}{'baseline':>10}{'ratio':>7}"
    print(header)
    print("-" * len(header))
    ok = True
    for name, row in results.items():
        ratio = row["statements"] / row["baseline_statements"] if row["baseline_statements"] else 0
        time_ratio = row["median"] / row["baseline_median"] if row["baseline_median"] else 0
        print(
            f"{name:<26}{row['statements']:>9}{row['baseline_statements']:>9}{ratio:>6.2f}×{EARLIER[name]:>8}"
            f"{row['median'] * 1000:>10.2f}{row['baseline_median'] * 1000:>10.2f}{time_ratio:>6.2f}×"
        )
        ok = ok and row["statements"] <= 12
        if show_queries:
            print("".join(f"    {statement}\n" for statement in row["sql"]), end="")
    print(f"\nTarget: ≤ 12 statements per page type — {'met' if ok else 'NOT met'}")
    extra = sorted({row["connection_statements"] for row in results.values()})
    print(
        f"(each render also sent {'/'.join(map(str, extra))} statement(s) of the connection itself: SET search_path…;"
    )
    print(" baseline: the same renders with the Site, the request memo and the added fragments cleared;")
    print(" 'earlier': statements measured before this work, from the issue)")
    return ok


def main() -> None:
    args = parse_args()
    cfg, name, env = bench_database("uncached")
    env = {**env, "PAGE_CACHE": "0"}
    if not args.reuse:
        say(f"building {name}")
        started = time.perf_counter()
        build_database(cfg, name, env)
        say(f"built in {time.perf_counter() - started:.0f} s")
    try:
        say(f"measuring {args.renders} renders per page type and side")
        out = subprocess.run(
            [sys.executable, "-m", "bench.uncached", "measure", str(args.renders), str(args.rounds)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        results = json.loads(out.stdout.strip().splitlines()[-1])
        ok = report(results, args.renders, args.show_queries)
    finally:
        if not args.keep:
            with admin(cfg) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] == "content":
        add_content()
    elif len(sys.argv) > 1 and sys.argv[1] == "measure":
        measure(int(sys.argv[2]), int(sys.argv[3]))
    else:
        main()
