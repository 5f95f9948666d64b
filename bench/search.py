#!/usr/bin/env python
"""Benchmark of the province-wide search (not a test): prints figures.

    python bench/search.py [--entries 1000000] [--runs 5] [--reuse] [--skip-lag]

1. Builds (or reuses, with --reuse) a scratch database ``<DATABASE name>_bench_search`` holding the real
   schema (migrations of the shared apps) and N aggregate entries over ~324 tenants, from the
   shared deterministic generator ``/work/shared/bench/make_entries.py N``, loaded with ``COPY``.
   Columns the generator does not give (kind, date, language, document numbers) are derived
   deterministically from the entry id; exactly one document is numbered ``09/QĐ-BBT``.
2. Runs every query of ``/work/shared/bench/queries.txt`` unscoped (the whole aggregate) and
   scoped to a province, a district and a commune — ranked, with facet counts — and prints p50/p95
   of the search service (``search.service.search``) and of the bare SQL statement it issues
   (run through a plain cursor), and their ratio. The hot-query cache is off for these figures;
   cached figures are printed separately.
3. Starts a Celery worker on the scratch database, publishes pages in one real tenant and prints
   the publish→searchable lag (p50/p95).
"""
from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("BENCH_SHARED", "/work/shared/bench"))
sys.path.insert(0, str(ROOT))

KIND_CYCLE = (["news"] * 6 + ["document"] * 5 + ["service"] * 3 + ["page"] * 2
              + ["question", "consultation", "project", "statistics", "contact", "introduction"])
DOC_TYPES = [("QĐ", "Quyết định"), ("NQ", "Nghị quyết"), ("KH", "Kế hoạch"), ("TB", "Thông báo"),
             ("BC", "Báo cáo"), ("CV", "Công văn")]
BODIES = ["UBND", "BBT", "HĐND", "VP", "MTTQ"]
SECTORS = ["Hộ tịch", "Đất đai", "Xây dựng", "Giáo dục", "Y tế", "Lao động"]
SPECIAL_DOC_ID = 424242  # the one document numbered 09/QĐ-BBT


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
    import psycopg2

    conn = psycopg2.connect(dbname="postgres", user=cfg["USER"], host=cfg["HOST"], port=cfg["PORT"] or 5432)
    conn.autocommit = True
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
            tenant = Tenant(schema_name="bench_" + path.replace(".", "_"), name=f"Đơn vị {path}", slug=path.split(".")[-1],
                            kind=tenant_kind(path), parent=parent, path=path)
            tenant.save()  # rows only: the benchmark searches the aggregate, no schema needed
            Domain.objects.create(domain=".".join(reversed(path.split("."))) + ".bench.localhost", tenant=tenant,
                                  is_primary=True)
            existing[path] = tenant
        return {path: existing[path].pk for path in paths}


def copy_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")


START = datetime(2012, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=7)))
SPAN = timedelta(days=14 * 365)


def derived_row(i: int, total: int, path: str, title: str, body: str, tenant_ids: dict[str, int]) -> str:
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
        issuing_body = {"UBND": "Ủy ban nhân dân", "BBT": "Ban Biên tập", "HĐND": "Hội đồng nhân dân",
                        "VP": "Văn phòng", "MTTQ": "Mặt trận Tổ quốc"}[body_code]
    elif kind == "service":
        sector = SECTORS[rnd.randrange(len(SECTORS))]
        level = rnd.choice(["toàn trình", "một phần"])
        service_code = f"1.{i:06d}"
        received = rnd.randrange(0, 300)
        late = rnd.randrange(0, max(1, received // 10))
        meta = (f'{{"received": {received}, "processed": {received - late // 2}, "on_time": {received - late}, '
                f'"late": {late}}}')
    url = f"http://{'.'.join(reversed(path.split('.')))}.bench.localhost/p/{i}/"
    fields = [tenant_ids[path], path, tenant_kind(path), i, language, kind, title, "", body, url, stamp, year,
              stamp, stamp, doc_number, doc_type, issuing_body, "", service_code, sector, level, meta, stamp]
    return "\t".join(copy_escape(str(f)) for f in fields) + "\n"


COPY_COLUMNS = ("tenant_id, tenant_path, tenant_kind, page_id, language, kind, title, summary, body, url, date, year, "
                "first_published_at, last_published_at, doc_number, doc_type, issuing_body, doc_status, service_code, "
                "service_sector, service_level, meta, indexed_at")


class RowStream(io.RawIOBase):
    """File-like object that COPY reads from, fed by a generator of text lines."""

    def __init__(self, lines):
        self.lines, self.buffer = lines, b""

    def readable(self):
        return True

    def readinto(self, target):
        while len(self.buffer) < len(target):
            try:
                self.buffer += next(self.lines).encode()
            except StopIteration:
                break
        size = min(len(target), len(self.buffer))
        target[:size], self.buffer = self.buffer[:size], self.buffer[size:]
        return size


def build(entries: int) -> None:
    from django.db import connection
    from tqdm import tqdm

    from search.models import Entry

    source = subprocess.Popen([sys.executable, str(SHARED / "make_entries.py"), str(entries)], stdout=subprocess.PIPE,
                              text=True, encoding="utf-8")
    paths = _generator_tenants()
    tenant_ids = ensure_tenants(paths)
    table = Entry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {table}")
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT LIKE '%%pkey'", [table])
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    bar = tqdm(total=entries, desc="COPY entries", unit="entry", mininterval=5)

    def lines():
        for line in source.stdout:
            i, path, title, body = line.rstrip("\n").split("\t", 3)
            bar.update(1)
            yield derived_row(int(i), entries, path, title, body, tenant_ids)

    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {table} ({COPY_COLUMNS}) FROM STDIN", io.BufferedReader(RowStream(lines()),
                                                                                                   1 << 20))
    bar.close()
    print(f"COPY {entries} entries: {time.monotonic() - started:.0f} s")
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for name, definition in tqdm(indexes, desc="indexes", unit="index"):
            if name == "search_entry_unique_page":
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} UNIQUE (tenant_id, page_id)")
            else:
                cursor.execute(definition)
        cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"indexes + VACUUM ANALYZE: {time.monotonic() - started:.0f} s")


def _generator_tenants() -> list[str]:
    provinces = ["phutho", "kiengiang", "haiduong", "binhduong"]
    tenants = [f"{p}.d{d}.c{c}" for p in provinces for d in range(8) for c in range(9)]
    return tenants + [f"{p}.d{d}" for p in provinces for d in range(8)] + provinces


def entry_count() -> int:
    """Entries of a complete earlier build (-1 if its indexes are missing)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'aggregate_search_entry'")
        if cursor.fetchone()[0] < 9:
            return -1
        cursor.execute("SELECT count(*) FROM aggregate_search_entry")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    args = parse_args()
    db_name = args.db or (os.environ.get("DATABASE_URL", "congttdt").rsplit("/", 1)[-1] + "_bench_search")
    setup_django(db_name)
    from django.core.management import call_command

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    if not (args.reuse and entry_count() == args.entries):
        build(args.entries)
