"""Rebuild the aggregate entries of one tenant (with its subtree) or of every tenant. Idempotent."""

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context
from tqdm import tqdm

from search.indexer import rebuild_tenant
from search.suggest import refresh_vocabulary
from tenants.tree import all_sites, subtree_sites


class Command(BaseCommand):
    help = "Dựng lại chỉ mục tìm kiếm toàn tỉnh từ các trang đã xuất bản (rebuild the search aggregate)."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", metavar="PATH", help="đường dẫn cây, ví dụ phutho.thanhson (và cấp dưới)")
        parser.add_argument("--only", action="store_true", help="chỉ đơn vị này, không gồm cấp dưới")

    def handle(self, *args, tenant=None, only=False, **options):
        quiet = options["verbosity"] < 1
        with schema_context("public"):
            tenants = all_sites()
            if tenant:
                root = tenants.filter(path=tenant).first()
                if root is None:
                    raise CommandError(f"Không tìm thấy đơn vị “{tenant}” (no such tenant).")
                tenants = tenants.filter(pk=root.pk) if only else subtree_sites(root)
            tenants = list(tenants.order_by("path"))
        written = removed = 0
        for item in tqdm(tenants, desc="đơn vị", unit="site", disable=quiet):
            w, r = rebuild_tenant(
                item,
                progress=lambda chunks, name=item.path: tqdm(
                    chunks, desc=name, unit="200 trang", leave=False, disable=quiet
                ),
            )
            written, removed = written + w, removed + r
        words = refresh_vocabulary(tenant.split(".", 1)[0] if tenant else None)
        self.stdout.write(
            f"Đã ghi {written} mục, xóa {removed} mục cũ ở {len(tenants)} đơn vị "
            f"(wrote {written}, removed {removed} entries); {words} từ gợi ý (did-you-mean words)."
        )
