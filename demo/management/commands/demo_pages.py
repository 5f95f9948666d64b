"""`manage.py demo_pages` — print one URL per live page type (and language) per site, as JSON.

The browser tests use it to visit every public page type of the demo, whatever types apps add.
"""

import json

from django.core.management.base import BaseCommand
from django_tenants.utils import tenant_context

from tenants.services.registry import tenant_tree_rows


class Command(BaseCommand):
    help = "Liệt kê một URL cho mỗi loại trang của tỉnh mẫu (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--paths", nargs="*", help="tenant paths (default: all)")

    def handle(self, *args, paths=None, **options):
        from wagtail.models import Page

        found = []
        for row in tenant_tree_rows():
            if paths and row.tenant.path not in paths:
                continue
            with tenant_context(row.tenant):
                seen = set()
                for page in Page.objects.live().public().filter(depth__gt=1).specific().order_by("depth", "path"):
                    key = (type(page).__name__, page.locale.language_code)
                    if key not in seen:
                        seen.add(key)
                        found.append(
                            {"tenant": row.tenant.path, "type": key[0], "language": key[1], "url": page.get_full_url()}
                        )
        self.stdout.write(json.dumps(found, ensure_ascii=False))
