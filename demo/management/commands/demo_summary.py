"""`manage.py demo_summary` — print the demo hostnames and logins."""

from django.conf import settings
from django.core.management.base import BaseCommand

from demo.province import BOARD, CONSOLE_ADMIN, DEMO_PASSWORD
from tenants.services.registry import tenant_tree_rows


class Command(BaseCommand):
    help = "In danh sách tên miền và tài khoản của tỉnh mẫu."

    def handle(self, *args, **options):
        port = settings.PORTAL_PORT
        out = self.stdout.write
        out(self.style.SUCCESS("\nCổng TTĐT — tỉnh mẫu Phú Thọ"))
        out(
            f"  Bảng điều khiển Sở TT&TT: http://{settings.PLATFORM_HOST}:{port}/   ({CONSOLE_ADMIN} / {DEMO_PASSWORD})"
        )
        for row in tenant_tree_rows():
            if row.tenant.status == "merged":
                successor = row.tenant.successor.name if row.tenant.successor_id else "?"
                out(
                    f"  {'  ' * row.depth}{row.tenant.name:<34} {row.url}   đã sáp nhập vào {successor}: "
                    f"mọi địa chỉ chuyển hướng 301 (merged: every URL redirects), ví dụ {row.url}tin-tuc/"
                )
                continue
            out(f"  {'  ' * row.depth}{row.tenant.name:<34} {row.url}   quản trị: {row.url}admin/")
        accounts = ", ".join(name for name, _group, _su in BOARD)
        out(f"  Tài khoản trên mỗi trang (mật khẩu {DEMO_PASSWORD}): {accounts}\n")
