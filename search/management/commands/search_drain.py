"""Drain every tenant's search outbox into the province-wide aggregate (what the periodic sweep does)."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search.indexer import drain_all, drain_schema


class Command(BaseCommand):
    help = "Đưa các thay đổi còn trong hàng đợi (outbox) của mọi đơn vị vào chỉ mục tìm kiếm toàn tỉnh."

    def add_arguments(self, parser):
        parser.add_argument("--schema", help="chỉ một schema (only this tenant schema)")

    def handle(self, *args, schema=None, **options):
        if schema:
            drained = {schema: drain_schema(schema)}
        else:
            drained = drain_all(
                progress=lambda items: tqdm(items, desc="outbox", unit="site", disable=options["verbosity"] < 1)
            )
        total = sum(drained.values())
        self.stdout.write(
            f"Đã xử lý {total} mục hàng đợi ở {len([v for v in drained.values() if v])} đơn vị "
            f"(drained {total} outbox rows)."
        )
