"""`manage.py signatures recheck [PATH] [--no-progress]` — verify again the signed files whose verdict
was made under other trust roots (after ``DOCUMENT_SIGNATURE_TRUST_ROOTS`` changed), on one site or on
every active site; prints the files checked and the verdicts changed per site."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django_tenants.utils import get_public_schema_name, schema_context
from tqdm import tqdm

from tenants.cli import site_or_command_error
from tenants.tree import active_sites

from ...services.signatures import recheck_site


class Command(BaseCommand):
    help = "Kiểm tra lại chữ ký số khi danh sách chứng thư gốc thay đổi (re-check digital signatures)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        recheck = sub.add_parser("recheck", help="verify again the verdicts made under other trust roots")
        recheck.add_argument("path", nargs="?", help="tree path of one site (default: every active site)")
        recheck.add_argument("--no-progress", action="store_true")

    def handle(self, *args, action: str, path: str | None = None, no_progress: bool = False, **options):
        with schema_context(get_public_schema_name()):
            tenants = [site_or_command_error(path)] if path else list(active_sites())
        checked = changed = 0
        progress = not no_progress and options["verbosity"] > 0
        for tenant in tqdm(tenants, desc="Kiểm tra chữ ký số", unit="site", disable=not progress):
            with schema_context(tenant.schema_name):
                result = recheck_site()
            checked, changed = checked + result.checked, changed + result.changed
            if result.checked:
                self.stdout.write(f"{tenant.path}: {result.checked} tệp kiểm tra lại, {result.changed} thay đổi")
        self.stdout.write(f"Tổng cộng (total): {checked} tệp kiểm tra lại (re-checked), {changed} thay đổi (changed).")
