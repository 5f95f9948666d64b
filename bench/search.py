#!/usr/bin/env python
"""Benchmark of the province-wide search (not a test): prints figures.

    python bench/search.py [--entries 1000000] [--runs 5] [--reuse] [--skip-lag]

1. Builds (or reuses, with --reuse) a scratch database ``<DATABASE name>_bench_search`` holding the real
   schema (migrations of the shared apps) and N aggregate entries over ~324 tenants, from the
   shared deterministic generator ``../shared/bench/make_entries.py N`` (beside the repository's
   main checkout; ``BENCH_SHARED`` overrides), loaded by the search app's bulk service
   (``search.bulk.bulk_replace``: COPY in batches, a new table built beside the aggregate — the
   vectors computed by one statement, indexes, constraints and triggers built set-wise — then swapped in) — the load and index times are printed.
   Columns the generator does not give (kind, date, language, document numbers) are derived
   deterministically from the entry id; exactly one document is numbered ``09/QĐ-BBT``.
2. Runs every query of ``../shared/bench/queries.txt`` (the *shared set*) unscoped (the whole aggregate)
   and scoped to a province, a district and a commune — ranked, with facet counts — and prints p50/p95
   of the search service (``search.service.search``) and of the bare SQL statement it issues
   (run through a plain cursor), and their ratio. The hot-query cache is off for these figures;
   cached figures are printed separately.
   Checks that the document numbered ``09/QĐ-BBT`` comes first where it is in scope.
   Then the same for the *corpus set* (:func:`corpus_queries`), 22 other citizen queries computed from
   the generated entries by a fixed rule:

   * the 8 most frequent two-word phrases of the bodies (consecutive words of at least 3 letters,
     compared folded — lower case, no diacritics — and not inside a shared query) of the first 20,000
     generated entries (the generator is seeded: its first 20,000 lines are the same for every N), the
     odd ranks typed with diacritics as in the text, the even ranks without;
   * the 4 most frequent title words of at least 5 letters (folded, not inside a shared query), each
     with a year filter (years 2015, 2018, 2021, 2024 in turn);
   * the phrases ranked 9–12 with a kind filter (document, news, service, page in turn);
   * 6 document numbers of the first documents from id 1000 on, in the forms citizens type: as
     written, without diacritics, lower case with spaces around the slash, prefixed "số", the
     number and type only ("15/KH"), and dashes for the slash.
3. Publishes 21 entries dated today over data ending a year earlier (a sparse newest period, as
   after importing an archive) and times the queries again, unscoped and province.
4. Starts a Celery worker on the scratch database, publishes pages in one real tenant and prints
   the publish→searchable lag (p50/p95).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def shared_dir() -> Path:
    """``../shared/bench`` beside the repository: beside this checkout, or beside the main checkout
    when this is a linked worktree (its git directory's common parent)."""
    if os.environ.get("BENCH_SHARED"):
        return Path(os.environ["BENCH_SHARED"])
    candidates = [ROOT.parent / "shared" / "bench"]
    try:
        common = subprocess.run(
            ["git", "rev-parse", "--path-format=absolute", "--git-common-dir"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        candidates.append(Path(common).parent.parent / "shared" / "bench")
    except (OSError, subprocess.CalledProcessError):
        pass
    return next((path for path in candidates if (path / "make_entries.py").exists()), candidates[0])


SHARED = shared_dir()

KIND_CYCLE = (
    ["news"] * 6
    + ["document"] * 5
    + ["service"] * 3
    + ["page"] * 2
    + ["question", "consultation", "project", "statistics", "contact", "introduction"]
)
DOC_TYPES = [
    ("QĐ", "Quyết định"),
    ("NQ", "Nghị quyết"),
    ("KH", "Kế hoạch"),
    ("TB", "Thông báo"),
    ("BC", "Báo cáo"),
    ("CV", "Công văn"),
]
BODIES = ["UBND", "BBT", "HĐND", "VP", "MTTQ"]
SECTORS = ["Hộ tịch", "Đất đai", "Xây dựng", "Giáo dục", "Y tế", "Lao động"]
SPECIAL_DOC_NUMBER = "09/QĐ-BBT"
SPECIAL_DOC_ID = 424232  # the one document numbered 09/QĐ-BBT (KIND_CYCLE puts a document at this id)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5, help="timed repetitions of each (query, scope)")
    parser.add_argument("--reuse", action="store_true", help="reuse the scratch database when it has N entries")
    parser.add_argument("--skip-lag", action="store_true")
    parser.add_argument("--lag-samples", type=int, default=20)
    parser.add_argument("--db", default=None, help="scratch database name")
    return parser.parse_args()


def setup_django(db_name: str) -> None:
    import dj_database_url

    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/congttdt")
    cfg = dj_database_url.parse(base)
    os.environ["DATABASE_URL"] = base.rsplit("/", 1)[0] + "/" + db_name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ.setdefault("DEBUG", "1")
    # Broker and cache of this run only (the bench's worker must not meet a demo worker's queue).
    os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
    os.environ["CACHE_KEY_PREFIX"] = "bench_search"
    import psycopg

    conn = psycopg.connect(
        dbname="postgres", user=cfg["USER"], host=cfg["HOST"], port=cfg["PORT"] or 5432, autocommit=True
    )
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db_name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{db_name}"')
    conn.close()
    import django

    django.setup()


# ---------------------------------------------------------------------------------------------- build
def tenant_kind(path: str) -> str:
    return {1: "province", 2: "district", 3: "commune"}[path.count(".") + 1]


def ensure_tenants(paths: list[str]) -> dict[str, int]:
    from django_tenants.utils import schema_context

    from tenants.models import Domain, Tenant
    from tenants.services.domains import ensure_platform_tenant

    ensure_platform_tenant()
    with schema_context("public"):
        existing = {t.path: t for t in Tenant.objects.all()}
        for path in sorted(paths, key=lambda p: p.count(".")):
            if path in existing:
                continue
            parent = existing.get(path.rsplit(".", 1)[0]) if "." in path else None
            tenant = Tenant(
                schema_name="bench_" + path.replace(".", "_"),
                name=f"Đơn vị {path}",
                slug=path.split(".")[-1],
                kind=tenant_kind(path),
                parent=parent,
                path=path,
            )
            tenant.save()  # rows only: the benchmark searches the aggregate, no schema needed
            Domain.objects.create(
                domain=".".join(reversed(path.split("."))) + ".bench.localhost", tenant=tenant, is_primary=True
            )
            existing[path] = tenant
        return {path: existing[path].pk for path in paths}


START = datetime(2012, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=7)))
SPAN = timedelta(days=14 * 365)


def derived_row(i: int, total: int, path: str, title: str, body: str, tenant_ids: dict[str, int]) -> tuple:
    rnd = random.Random(i)
    kind = KIND_CYCLE[i % len(KIND_CYCLE)]
    # Entries arrive in publication order (as the outbox delivers them): 14 years of content, the
    # date grows with the generator's id, with a few days of jitter (documents dated before posting).
    when = START + SPAN * (i / total) - timedelta(days=rnd.randrange(0, 5))
    year = when.year
    stamp = when.isoformat()
    language = "en" if i % 29 == 0 else "vi"
    doc_number = doc_type = issuing_body = sector = level = service_code = ""
    meta = "{}"
    if kind == "document":
        short, doc_type = DOC_TYPES[rnd.randrange(len(DOC_TYPES))]
        body_code = BODIES[rnd.randrange(len(BODIES))]
        number = rnd.randrange(1, 400)
        if (number, short, body_code) == (9, "QĐ", "BBT") and i != SPECIAL_DOC_ID:
            number = 19
        doc_number = f"{number:02d}/{short}-{body_code}"
        if i == SPECIAL_DOC_ID:
            doc_number, doc_type = "09/QĐ-BBT", "Quyết định"
        issuing_body = {
            "UBND": "Ủy ban nhân dân",
            "BBT": "Ban Biên tập",
            "HĐND": "Hội đồng nhân dân",
            "VP": "Văn phòng",
            "MTTQ": "Mặt trận Tổ quốc",
        }[body_code]
    elif kind == "service":
        sector = SECTORS[rnd.randrange(len(SECTORS))]
        level = rnd.choice(["toàn trình", "một phần"])
        service_code = f"1.{i:06d}"
        received = rnd.randrange(0, 300)
        late = rnd.randrange(0, max(1, received // 10))
        meta = (
            f'{{"received": {received}, "processed": {received - late // 2}, "on_time": {received - late}, '
            f'"late": {late}}}'
        )
    url = f"http://{'.'.join(reversed(path.split('.')))}.bench.localhost/p/{i}/"
    fields = [
        tenant_ids[path],
        path,
        tenant_kind(path),
        i,
        language,
        kind,
        title,
        "",
        body,
        url,
        stamp,
        year,
        stamp,
        stamp,
        doc_number,
        doc_type,
        issuing_body,
        "",
        service_code,
        sector,
        level,
        meta,
        stamp,
    ]
    return tuple(fields)


COPY_COLUMNS = (
    "tenant_id, tenant_path, tenant_kind, page_id, language, kind, title, summary, body, url, date, year, "
    "first_published_at, last_published_at, doc_number, doc_type, issuing_body, doc_status, service_code, "
    "service_sector, service_level, meta, indexed_at"
)


def generated_entries(entries: int):
    """(id, path, title, body) of the shared generator's first ``entries`` lines."""
    source = subprocess.Popen(
        [sys.executable, str(SHARED / "make_entries.py"), str(entries)],
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    for line in source.stdout:
        i, path, title, body = line.rstrip("\n").split("\t", 3)
        yield int(i), path, title, body
    source.wait()


def build(entries: int) -> dict:
    from django.db import connection
    from tqdm import tqdm

    from search.bulk import bulk_replace

    paths = _generator_tenants()
    tenant_ids = ensure_tenants(paths)
    bar = tqdm(total=entries, desc="COPY entries", unit="entry", mininterval=5)
    rows = (
        derived_row(i, entries, path, title, body, tenant_ids) for i, path, title, body in generated_entries(entries)
    )
    started = time.monotonic()
    result = bulk_replace(
        rows,
        tenant_ids=None,
        columns=[column.strip() for column in COPY_COLUMNS.split(",")],
        swap=True,
        on_rows=bar.update,
        on_stage=lambda label: bar.set_postfix_str(label[:40]),
    )
    bar.close()
    total = time.monotonic() - started
    print(
        f"bulk load of {result.loaded:,} entries (search.bulk): COPY to staging {result.copy_seconds:.0f} s, "
        f"INSERT with vectors {result.insert_seconds:.0f} s → load {result.copy_seconds + result.insert_seconds:.0f} s; "
        f"indexes + constraints + triggers + week counts {result.index_seconds:.0f} s; "
        f"swap {result.swap_seconds * 1000:.0f} ms; "
        f"total {total:.0f} s ({result.loaded / total:,.0f} entries/s)"
    )
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE aggregate_search_entry")
    vacuum = time.monotonic() - started
    print(f"VACUUM ANALYZE: {vacuum:.0f} s")
    return {
        "load_s": result.copy_seconds + result.insert_seconds,
        "index_s": result.index_seconds,
        "bulk_total_s": total,
    }


def _generator_tenants() -> list[str]:
    provinces = ["phutho", "kiengiang", "haiduong", "binhduong"]
    tenants = [f"{p}.d{d}.c{c}" for p in provinces for d in range(8) for c in range(9)]
    return tenants + [f"{p}.d{d}" for p in provinces for d in range(8)] + provinces


LAG_TENANT = "benchlag"  # the real tenant the lag measurement publishes in


def remove_lag_entries() -> None:
    """The lag pages are dated today, months after the generated data ends: left in the aggregate they
    would skew the recency slices of the next ``--reuse`` run (see docs/search.md, limits)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM aggregate_search_entry WHERE tenant_path = %s", [LAG_TENANT])


def entry_count() -> int:
    """Entries of a complete earlier build, without the lag tenant's (-1 if its indexes are missing)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'aggregate_search_entry'")
        if cursor.fetchone()[0] < 9:
            return -1
        cursor.execute("SELECT count(*) FROM aggregate_search_entry WHERE tenant_path <> %s", [LAG_TENANT])
        return cursor.fetchone()[0]


# ---------------------------------------------------------------------------------------------- queries
SCOPES = [
    ("unscoped (4 provinces)", None),
    ("province", "phutho"),
    ("district", "phutho.d3"),
    ("commune", "phutho.d3.c4"),
]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, -(-len(ordered) * pct // 100) - 1))] if ordered else float("nan")


def read_queries() -> list[str]:
    lines = (SHARED / "queries.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def bare_sql(request) -> float:
    """Seconds of the statement the service issues, run through a plain cursor (same prepared
    statement, same parameters), without the service's Python around it."""
    from django.db import connection

    from search.engines import postgres

    compiled = postgres.compile_search(
        request.text,
        request.marks(),
        request.facet_depth(),
        limit=request.page_size,
        offset=(request.page - 1) * request.page_size,
    )
    name, _body, values = postgres.prepared_form(compiled)
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(values))})", values)
        cursor.fetchone()
        return time.perf_counter() - started


def service(request, use_cache: bool = False) -> tuple[float, object]:
    from search.service import search

    started = time.perf_counter()
    results = search(request, use_cache=use_cache)
    return time.perf_counter() - started, results


@dataclass(frozen=True)
class BenchQuery:
    """A citizen's query: the text typed, and the filters chosen beside it."""

    text: str
    year: int | None = None
    kind: str | None = None

    @property
    def label(self) -> str:
        filters = [f"năm {self.year}"] * bool(self.year) + [f"loại {self.kind}"] * bool(self.kind)
        return self.text + (f" [{', '.join(filters)}]" if filters else "")


CORPUS_SAMPLE = 20_000  # generated entries the corpus set is computed from (a fixed prefix for every N)
FILTER_YEARS = (2015, 2018, 2021, 2024)
FILTER_KINDS = ("document", "news", "service", "page")


def corpus_queries(shared: list[str], sample: int = CORPUS_SAMPLE) -> list[BenchQuery]:
    """The second query set, computed from the generated entries by the rule of this module's docstring."""
    import collections
    import re

    from core.text import fold

    word = re.compile(r"\w+")
    raw_bigrams: collections.Counter = collections.Counter()
    words: collections.Counter = collections.Counter()
    documents = []
    total = max(sample, 1001 + len(KIND_CYCLE) * 6)
    for i, path, title, body in generated_entries(sample):
        tokens = [t for t in word.findall(body.lower()) if len(t) >= 3 and not t.isdigit()]
        raw_bigrams.update(zip(tokens, tokens[1:], strict=False))
        words.update(t for t in word.findall(title.lower()) if len(t) >= 5)
        if i >= 1000 and len(documents) < 6 and KIND_CYCLE[i % len(KIND_CYCLE)] == "document":
            documents.append(derived_row(i, total, path, title, body, {path: 0})[14])
    taken = " | ".join(fold(q) for q in shared)
    bigrams: collections.Counter = collections.Counter()
    spelled: dict[str, str] = {}
    for (first, second), n in raw_bigrams.most_common(400):
        key = fold(f"{first} {second}")
        bigrams[key] += n
        spelled.setdefault(key, f"{first} {second}")
    ranked = [key for key, _n in sorted(bigrams.items(), key=lambda kv: (-kv[1], kv[0])) if key not in taken]
    folded_words: collections.Counter = collections.Counter()
    for token, n in words.most_common(400):
        folded_words[fold(token)] += n
    top_words = [key for key, _n in sorted(folded_words.items(), key=lambda kv: (-kv[1], kv[0])) if key not in taken]
    top_words = top_words[:4]
    queries = [BenchQuery(spelled[key] if rank % 2 == 0 else key) for rank, key in enumerate(ranked[:8])]
    queries += [BenchQuery(w, year=year) for w, year in zip(top_words, FILTER_YEARS, strict=True)]
    queries += [BenchQuery(key, kind=kind) for key, kind in zip(ranked[8:12], FILTER_KINDS, strict=True)]
    forms = [
        lambda n: n,
        lambda n: fold(n).upper(),
        lambda n: fold(n).replace("/", " / "),
        lambda n: f"số {n}",
        lambda n: n.split("-")[0],
        lambda n: n.replace("/", "-"),
    ]
    queries += [BenchQuery(form(number)) for form, number in zip(forms, documents, strict=True)]
    return queries


def measure_queries(runs: int, queries: list[BenchQuery], title: str) -> dict:
    from search.forms import clean_query
    from search.service import SearchRequest

    print(
        f"\n{title}: {len(queries)} queries × {len(SCOPES)} scopes × {runs} runs, ranked with facet counts, "
        "hot-query cache off (service and bare SQL alternate)"
    )
    all_service, all_sql, rows, first_docs = [], [], [], []
    by_scope = {label: ([], []) for label, _path in SCOPES}
    for query in queries:
        text = query.text
        for label, path in SCOPES:
            request = SearchRequest(text=clean_query(text), scope=path, year=query.year, kind=query.kind)
            _warm, results = service(request)  # prepares the statement on this connection
            bare_sql(request)
            times_service, times_sql = [], []
            for _ in range(runs):
                times_service.append(service(request)[0])
                times_sql.append(bare_sql(request))
            all_service += times_service
            all_sql += times_sql
            by_scope[label][0].extend(times_service)
            by_scope[label][1].extend(times_sql)
            top = results.hits[0].title[:38] if results.hits else "—"
            if text == SPECIAL_DOC_NUMBER:
                first_docs.append((label, results.hits[0].doc_number if results.hits else ""))
            rows.append(
                (
                    query.label,
                    label,
                    statistics.median(times_service),
                    max(times_service),
                    results.total,
                    results.total_exact,
                    top,
                )
            )
    print(f"{'query':36} {'scope':22} {'p50 ms':>7} {'max ms':>7} {'total':>9}  first hit")
    for text, label, p50, worst, total, exact, top in rows:
        print(
            f"{text[:36]:36} {label:22} {p50 * 1000:7.1f} {worst * 1000:7.1f} {('' if exact else '~') + str(total):>9}  {top}"
        )
    print(f"\n{'scope':24} {'service p50':>11} {'p95':>7} {'bare SQL p50':>12} {'p95':>7} {'ratio p50':>9} {'p95':>6}")
    for label, (times_service, times_sql) in [*by_scope.items(), ("ALL", (all_service, all_sql))]:
        s50, s95, q50, q95 = (
            percentile(times_service, 50),
            percentile(times_service, 95),
            percentile(times_sql, 50),
            percentile(times_sql, 95),
        )
        print(
            f"{label:24} {s50 * 1000:9.1f}ms {s95 * 1000:5.1f}ms {q50 * 1000:10.1f}ms {q95 * 1000:5.1f}ms "
            f"{s50 / q50:9.2f} {s95 / q95:6.2f}"
        )
    special_path = special_document_path()
    for label, number in first_docs:
        path = dict(SCOPES)[label]
        expected = path is None or special_path == path or special_path.startswith(path + ".")
        verdict_text = (
            ("first, as required" if number == SPECIAL_DOC_NUMBER else "NOT FIRST")
            if expected
            else f"not in this scope (first hit: {number or 'no number'})"
        )
        print(f"document {SPECIAL_DOC_NUMBER} ({special_path}), {label}: {verdict_text}")
    cached = []
    for query in queries:
        request = SearchRequest(text=clean_query(query.text), scope="phutho", year=query.year, kind=query.kind)
        service(request, use_cache=True)
        cached += [service(request, use_cache=True)[0] for _ in range(runs)]
    figures = {
        "service_p50": percentile(all_service, 50),
        "service_p95": percentile(all_service, 95),
        "sql_p50": percentile(all_sql, 50),
        "sql_p95": percentile(all_sql, 95),
        "cached_p95": percentile(cached, 95),
    }
    print(
        f"hot-query cache on (repeat of the same query, province scope): p50 {percentile(cached, 50) * 1000:.2f} ms, "
        f"p95 {figures['cached_p95'] * 1000:.2f} ms"
    )
    return figures


def special_document_path() -> str:
    from search.models import Entry

    entry = Entry.objects.filter(doc_number=SPECIAL_DOC_NUMBER).first()
    return entry.tenant_path if entry else "(missing: rebuild without --reuse)"


# ---------------------------------------------------------------------------------------------- sparse
SPARSE_URL = "http://sparse.bench.localhost/"  # entries of the sparse-newest-weeks phase


def remove_sparse_entries() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM aggregate_search_entry WHERE url LIKE %s", [SPARSE_URL + "%"])


def measure_sparse_newest(runs: int) -> dict:
    """The generated data ends about a year before today. 21 pages published today on top of it
    make the newest weeks nearly empty while older weeks are dense — as right after importing an
    archive. Recency slices sized from the per-week counts must still reach the archive at once."""
    from datetime import datetime

    from search.forms import clean_query
    from search.models import Entry
    from search.service import SearchRequest
    from tenants.models import Tenant

    tenant = Tenant.objects.get(path="phutho.d3.c4")
    now = datetime.now(UTC)
    data_ends = Entry.objects.order_by("-date").values_list("date", flat=True).first()
    texts = read_queries()
    Entry.objects.bulk_create(
        [
            Entry(
                tenant=tenant,
                tenant_path=tenant.path,
                tenant_kind="commune",
                page_id=2_000_000 + i,
                title=f"Thông báo mới số {i}: {texts[i % len(texts)]}",
                body="Thông tin mới đăng hôm nay.",
                url=f"{SPARSE_URL}{i}/",
                date=now,
                year=now.year,
            )
            for i in range(21)
        ]
    )
    try:
        times = []
        for text in texts:
            for _label, path in SCOPES[:2]:
                request = SearchRequest(text=clean_query(text), scope=path)
                service(request)
                times += [service(request)[0] for _ in range(runs)]
    finally:
        remove_sparse_entries()
    figures = {"sparse_p50": percentile(times, 50), "sparse_p95": percentile(times, 95)}
    print(
        f"\nsparse newest weeks (21 pages dated today over data ending {data_ends:%Y-%m-%d}),"
        f" unscoped and province: p50 {figures['sparse_p50'] * 1000:.1f} ms, p95 {figures['sparse_p95'] * 1000:.1f} ms"
    )
    return figures


# ---------------------------------------------------------------------------------------------- lag
def start_worker() -> subprocess.Popen:
    env = {**os.environ, "LOG_LEVEL": "ERROR"}
    return subprocess.Popen(
        [
            str(ROOT / ".venv/bin/celery"),
            "-A",
            "config",
            "worker",
            "-l",
            "error",
            "--concurrency",
            "1",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def publish_and_wait(tenant, title: str, timeout: float = 60.0) -> float | None:
    """Publish a page in ``tenant``; seconds until its entry is in the aggregate (None: never)."""
    from django_tenants.utils import schema_context, tenant_context
    from wagtail.models import Site

    from search.models import Entry
    from sites.models import HomePage

    started = time.perf_counter()
    with tenant_context(tenant):
        root = Site.objects.get(is_default_site=True).root_page
        page = HomePage(title=title, intro=f"<p>{title}: tin đo độ trễ tìm kiếm.</p>", slug=f"lag-{time.time_ns()}")
        root.add_child(instance=page)
        page.save_revision().publish()
    with schema_context("public"):
        while time.perf_counter() - started < timeout:
            if Entry.objects.filter(tenant=tenant, page_id=page.pk).exists():
                return time.perf_counter() - started
            time.sleep(0.01)
    return None


def measure_lag(samples: int) -> dict:
    from django.core.cache import cache
    from django_tenants.utils import schema_context

    from tenants.models import Tenant
    from tenants.services import schema_builder
    from tenants.services.provisioning import TenantSpec, provision_tenant

    print(f"\npublish → searchable lag, Celery worker running ({samples} pages)")
    cache.clear()  # the bench's own Redis db: an old run's queue or drain marks must not linger
    schema_builder.ensure_template()
    with schema_context("public"):
        tenant = Tenant.objects.filter(path=LAG_TENANT).first()
    if tenant is None:
        tenant = provision_tenant(TenantSpec(name="Tỉnh Đo Độ Trễ", slug=LAG_TENANT, kind="province"))
    worker = start_worker()
    try:
        if publish_and_wait(tenant, "Khởi động worker", timeout=120) is None:
            print("  the worker did not drain within 120 s: no lag figures")
            return {}
        lags = []
        for i in range(samples):
            lag = publish_and_wait(tenant, f"Tin số {i + 1} về thủ tục hành chính")
            lags.append(lag if lag is not None else float("inf"))
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        remove_lag_entries()
    figures = {"lag_p50": percentile(lags, 50), "lag_p95": percentile(lags, 95)}
    print(
        f"  lag p50 {figures['lag_p50'] * 1000:.0f} ms, p95 {figures['lag_p95'] * 1000:.0f} ms, "
        f"max {max(lags) * 1000:.0f} ms (from the publish call to the entry being searchable)"
    )
    return figures


def verdict(name: str, value: float, target: float, unit: str, scale: float = 1.0) -> str:
    return f"  {name:40} {value * scale:8.2f} {unit:3} target ≤ {target * scale:g} {unit}: {'OK' if value <= target else 'MISSED'}"


if __name__ == "__main__":
    args = parse_args()
    db_name = args.db or (os.environ.get("DATABASE_URL", "congttdt").rsplit("/", 1)[-1] + "_bench_search")
    setup_django(db_name)
    from django.core.management import call_command

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    figures = {}
    if not (args.reuse and entry_count() == args.entries):
        figures.update(build(args.entries))
    remove_lag_entries()
    remove_sparse_entries()
    print(f"aggregate: {entry_count():,} entries over {len(_generator_tenants())} tenants (database {db_name})")
    shared = read_queries()
    corpus = corpus_queries(shared)
    print(f"corpus set ({len(corpus)} queries, rule in this bench's docstring): " + "; ".join(q.label for q in corpus))
    figures.update(measure_queries(args.runs, [BenchQuery(text) for text in shared], "shared set (queries.txt)"))
    corpus_figures = measure_queries(args.runs, corpus, "corpus set")
    figures.update({f"corpus_{key}": value for key, value in corpus_figures.items()})
    figures.update(measure_sparse_newest(args.runs))
    if not args.skip_lag:
        figures.update(measure_lag(args.lag_samples))
    print("\nsummary")
    if "load_s" in figures:
        target = 200 * args.entries / 1_000_000
        spent = figures["load_s"] + figures["index_s"]
        print(
            f"  bulk load of {args.entries:,} entries: load {figures['load_s']:.0f} s + indexes {figures['index_s']:.0f} s"
            f" = {spent:.0f} s (target ≤ 200 s per 1 M entries, {target:.0f} s here: {'OK' if spent <= target else 'MISSED'})"
        )
    print(verdict("shared set: service p95 (ranked + facets)", figures["service_p95"], 0.050, "ms", 1000))
    print(f"  shared set: service p50 {figures['service_p50'] * 1000:.1f} ms")
    print(verdict("corpus set: service p95 (ranked + facets)", figures["corpus_service_p95"], 0.050, "ms", 1000))
    print(f"  corpus set: service p50 {figures['corpus_service_p50'] * 1000:.1f} ms")
    print(verdict("service p95 / bare SQL p95 (shared)", figures["service_p95"] / figures["sql_p95"], 1.5, "×"))
    print(verdict("p95 under a sparse newest period", figures["sparse_p95"], 0.050, "ms", 1000))
    if "lag_p95" in figures:
        print(verdict("publish → searchable lag p95", figures["lag_p95"], 5.0, "s"))
