"""Rebuild the aggregate entries of one tenant (with its subtree) or of every tenant. Idempotent.

The sites' pages are read and their entries replaced through the bulk path (``search.bulk``: COPY; a
large load is built beside the aggregate in service — vectors computed by one statement, indexes built
set-wise — then swapped in within milliseconds, so searches go on during the rebuild), with a progress
bar over the pages read, then one line per set-wise step. Safety: until the swap commits the aggregate in
service is unchanged — interrupted or failing, the rebuild leaves it as it was, with its indexes,
constraints and triggers, and drops what it half-built; running it again finishes the job.
"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context
from tqdm import tqdm

from search.bulk import BulkLoadError
from search.indexer import bulk_rebuild, count_pages
from search.suggest import refresh_vocabulary
from tenants.tree import all_sites, subtree_sites


class Command(BaseCommand):
    help = "Dựng lại chỉ mục tìm kiếm toàn tỉnh từ các trang đã xuất bản (rebuild the search aggregate)."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", metavar="PATH", help="đường dẫn cây, ví dụ phutho.thanhson (và cấp dưới)")
        parser.add_argument("--only", action="store_true", help="chỉ đơn vị này, không gồm cấp dưới")
        parser.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến độ (no progress bar)")

    def handle(self, *args, tenant=None, only=False, no_progress=False, **options):
        quiet = no_progress or options["verbosity"] < 1
        with schema_context("public"):
            tenants = all_sites()
            if tenant:
                root = tenants.filter(path=tenant).first()
                if root is None:
                    raise CommandError(f"Không tìm thấy đơn vị “{tenant}” (no such tenant).")
                tenants = tenants.filter(pk=root.pk) if only else subtree_sites(root)
            tenants = list(tenants.order_by("path"))
        started = time.monotonic()
        out = getattr(self.stderr, "_out", sys.stderr)
        bar = tqdm(total=count_pages(tenants), desc="Đọc trang", unit="trang", disable=quiet, file=out)
        try:
            result = bulk_rebuild(tenants, on_page=bar.update, on_stage=lambda label: bar.set_postfix_str(label))
        except BulkLoadError as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        words = refresh_vocabulary(tenant.split(".", 1)[0] if tenant else None)
        elapsed = time.monotonic() - started
        mode = (
            f"dựng bảng mới bên cạnh rồi thay trong {result.swap_seconds * 1000:.0f} ms "
            f"(built beside, swapped in {result.swap_seconds * 1000:.0f} ms)"
            if result.swapped
            else "ghi tại chỗ, giữ chỉ mục (written in place, indexes kept)"
        )
        self.stdout.write(
            f"Đã ghi {result.loaded} mục, xóa {result.removed} mục cũ ở {len(tenants)} đơn vị "
            f"(wrote {result.loaded}, removed {result.removed} entries); {words} từ gợi ý (did-you-mean words); "
            f"{elapsed:.1f} s, {mode}."
        )
