#!/usr/bin/env python
"""Benchmark (prints figures, not a test) of province IT's merge of communes (issue 11; the register is ``bench/console.py``).

``merge``: two communes of ``--pages`` pages each (news pages under a news list, every page with an
image in its body and a document attached; ``--media`` images and documents per commune; each commune
built in one transaction with Wagtail's indexes rebuilt once, ``core.wagtail_indexes``) merged
into a new commune with ``restructuring`` (``plan_merge`` then ``run_merge``, as the console and
``manage.py tenants merge`` do): wall time of the preview and of the merge. Target: ≤ 60 s.

Works in a scratch database ``<database>_bench_console`` (created, and dropped at the end unless
``--keep``). Run: ``.venv/bin/python bench/console_merge.py [--pages 1000] [--media 50]``.

Measured on the shared 2-core machine (1,999 pages, 200 images+documents): page by page through
Wagtail, merge 469.5 s (706.7 s on a busier run); in bulk (``restructuring.bulk``), merge 16.7 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MERGE_SECONDS = 60.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000, help="pages per commune (default 1000)")
    parser.add_argument("--media", type=int, default=50, help="images and documents per commune (default 50)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    return parser.parse_args()


def scratch_database(keep: bool) -> tuple[str, callable]:
    import dj_database_url
    import psycopg

    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/congttdt")
    cfg = dj_database_url.parse(url)
    name = f"{cfg['NAME']}_bench_console"
    admin = dict(user=cfg["USER"], password=cfg["PASSWORD"] or None, host=cfg["HOST"], port=cfg["PORT"] or 5432)

    def run(sql: str) -> None:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(sql)

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + f"/{name}"

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        if not keep:
            run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return name, drop


def fill(tenant, pages: int, media: int) -> None:
    import io

    from django.core.files.base import ContentFile
    from django.db import transaction
    from django_tenants.utils import tenant_context
    from PIL import Image as PILImage
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection, Site

    from core.wagtail_indexes import wagtail_indexes_rebuilt_at_the_end
    from sites.models import NewsIndexPage, NewsPage

    def png(n: int) -> bytes:
        buffer = io.BytesIO()
        PILImage.new("RGB", (64, 40), (n % 255, 74, 140)).save(buffer, format="PNG")
        return buffer.getvalue()

    with tenant_context(tenant), transaction.atomic(), wagtail_indexes_rebuilt_at_the_end():
        root = Collection.get_first_root_node()
        images = [
            get_image_model().objects.create(
                title=f"Ảnh {n}", collection=root, file=ContentFile(png(n), name=f"anh-{n}.png")
            )
            for n in range(media)
        ]
        documents = [
            get_document_model().objects.create(
                title=f"Tài liệu {n}", collection=root, file=ContentFile(b"%PDF-1.4 " * 50, name=f"tl-{n}.pdf")
            )
            for n in range(media)
        ]
        home = Site.objects.get(is_default_site=True).root_page
        index = NewsIndexPage(title="Tin tức", slug="tin-tuc")
        home.add_child(instance=index)
        index.save_revision().publish()
        for n in range(pages - 1):
            image, document = images[n % media], documents[n % media]
            page = NewsPage(
                title=f"Tin số {n} của {tenant.name}",
                slug=f"tin-{n}",
                summary="Tóm tắt",
                source="Ban Biên tập",
                lead_image=image,
                body=[
                    ("paragraph", f"<p>Nội dung tin {n}.</p>"),
                    ("image", {"image": image, "caption": "Ảnh"}),
                    ("attachment", {"document": document, "label": "Tệp"}),
                ],
            )
            index.add_child(instance=page)
            page.save_revision().publish()


def bench_merge(args: argparse.Namespace) -> dict:
    from django.core.management import call_command

    from restructuring.merge import run_merge
    from restructuring.plan import NewSite, plan_merge
    from tenants.services.provisioning import TenantSpec, provision_tenant

    call_command("migrate_schemas", "--shared", verbosity=0)
    call_command("tenants", "init", verbosity=0)
    provision_tenant(TenantSpec(name="Tỉnh Thử", slug="tinhthu", kind="province"))
    sources = []
    for slug, name in (("xamot", "Xã Một"), ("xahai", "Xã Hai")):
        tenant = provision_tenant(TenantSpec(name=name, slug=slug, kind="commune", parent_path="tinhthu"))
        started = time.monotonic()
        fill(tenant, args.pages, args.media)
        print(f"[bench] {name}: {args.pages} pages built in {time.monotonic() - started:.0f} s", file=sys.stderr)
        sources.append(tenant.path)
    started = time.monotonic()
    plan = plan_merge(sources, new_site=NewSite(slug="xamoi", name="Xã Mới", parent_path="tinhthu"))
    planned = time.monotonic() - started
    started = time.monotonic()
    run_merge(plan)
    merged = time.monotonic() - started
    return {
        "pages": sum(len(s.pages) for s in plan.sources),
        "media": sum(len(s.images) + len(s.documents) for s in plan.sources),
        "plan_seconds": planned,
        "merge_seconds": merged,
    }


def main() -> None:
    args = parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    name, drop = scratch_database(args.keep)
    import django

    django.setup()
    try:
        figures = bench_merge(args)
    finally:
        drop()
    verdict = "OK" if figures["merge_seconds"] <= TARGET_MERGE_SECONDS else "OVER TARGET"
    print(
        f"merge of 2 communes: {figures['pages']} pages, {figures['media']} images+documents — "
        f"preview {figures['plan_seconds']:.1f} s, merge {figures['merge_seconds']:.1f} s "
        f"(target ≤ {TARGET_MERGE_SECONDS:.0f} s: {verdict})"
    )


if __name__ == "__main__":
    main()
