"""`manage.py demo_summary` — print the demo hostnames (old ones too) and each site's logins."""

from django.conf import settings
from django.core.management.base import BaseCommand

from core.siteurl import site_url
from demo.province import BOARD, CONSOLE_ADMIN, CONSOLE_PASSWORD, site_password
from tenants.services.registry import tenant_tree_rows


class Command(BaseCommand):
    help = "In danh sách tên miền và tài khoản của tỉnh mẫu."

    def handle(self, *args, **options):
        port = settings.PORTAL_PORT
        out = self.stdout.write
        out(self.style.SUCCESS("\nCổng TTĐT — tỉnh mẫu Phú Thọ (hai cấp từ 01/7/2025: tỉnh và xã/phường)"))
        out(
            f"  Bảng điều khiển CNTT tỉnh (province IT console): http://{settings.PLATFORM_HOST}:{port}/   "
            f"({CONSOLE_ADMIN} / {CONSOLE_PASSWORD})"
        )
        for row in tenant_tree_rows():
            indent = "  " * (row.depth + 1)
            old = [site_url(hostname) for hostname in row.hostnames[1:]]
            if row.tenant.status == "merged":
                successor = row.tenant.successor.name if row.tenant.successor_id else "?"
                out(
                    f"{indent}{row.tenant.name:<34} {row.url}   đã sáp nhập vào {successor}: mọi địa chỉ chuyển "
                    f"hướng 301 (merged: every URL redirects), ví dụ {row.url}tin-tuc/"
                )
                continue
            out(
                f"{indent}{row.tenant.name:<34} {row.url}   quản trị: {row.url}admin/   "
                f"mật khẩu (password): {site_password(row.tenant.slug)}"
            )
            if old:
                out(f"{indent}  tên miền cũ vẫn dùng được (old hostnames still answer): {', '.join(old)}")
        accounts = ", ".join(name for name, _group, _su in BOARD)
        out(f"  Tài khoản trên mỗi trang (mật khẩu riêng của từng trang, ghi ở trên): {accounts}\n")
