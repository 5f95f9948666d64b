"""`manage.py royalties statement PATH --period 2026-11|2026-Q4 [--format csv|text]` — a site's royalty
statement on standard output (PATH: the site's tree path). A malformed or future period, or an unknown
site, is an error (exit code 1) and nothing is written."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from tenants.cli import site_or_command_error

from ...services.errors import RoyaltyError
from ...services.statement import build_statement, render_text, write_csv


class Command(BaseCommand):
    help = "Nhuận bút, thù lao của các trang (royalty statements of the sites)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        statement = sub.add_parser("statement", help="a site's statement for a month or a quarter")
        statement.add_argument("path", help="tree path of the site")
        statement.add_argument("--period", required=True, help="2026-11 (month) or 2026-Q4 (quarter)")
        statement.add_argument("--format", choices=["csv", "text"], default="text")

    def handle(self, *args, action: str, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_statement(self, path, period, format="text", **options):
        tenant = site_or_command_error(path)
        try:
            with tenant_context(tenant):
                report = build_statement(tenant, period)
        except RoyaltyError as error:
            raise CommandError(str(error)) from error
        if format == "csv":
            write_csv(report, self.stdout)
        else:
            self.stdout.write(render_text(report), ending="")
