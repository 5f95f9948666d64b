"""`manage.py compliance refresh [PATH] [--no-progress]` — evaluate and store today's snapshot of one
site, a subtree (``--subtree``) or every active site (idempotent: a second run the same day replaces
the day's snapshot); `manage.py compliance show PATH [--format json|text] [--stored]` — every duty's
status with its evidence (evaluated now, or the stored latest snapshot); `manage.py compliance
deadlines PATH|province [--set kind=value ...] [--clear kind ...]` — show or change deadline settings;
`manage.py compliance report PATH --period 2026-Q3 [--format csv|pdf] [--output FILE] [--site-only]` —
the activity report (PDF to ``--output``, or to standard output as bytes)."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.cli import site_or_command_error
from tenants.tree import subtree_sites
from workdays.deadlines import deadlines_for, province_defaults, set_deadlines

from ... import reports, services
from ...findings import STATUS_LABELS, Status

PROVINCE = "province"


def _site(path: str):
    return site_or_command_error(path)


class Command(BaseCommand):
    help = "Kiểm tra tuân thủ của các trang (compliance checks of the sites)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        refresh = sub.add_parser("refresh", help="evaluate and store today's snapshot")
        refresh.add_argument("path", nargs="?", help="tree path of one site (default: every active site)")
        refresh.add_argument("--subtree", action="store_true", help="the site and every site beneath it")
        refresh.add_argument("--no-progress", action="store_true")
        show = sub.add_parser("show", help="print every duty's status with its evidence")
        show.add_argument("path")
        show.add_argument("--format", choices=["json", "text"], default="text")
        show.add_argument("--stored", action="store_true", help="the latest stored snapshot, not a new evaluation")
        report = sub.add_parser("report", help="activity report of a site and its subtree for a period")
        report.add_argument("path")
        report.add_argument("--period", required=True, help="2026, 2026-H1, 2026-Q3 or 2026-07")
        report.add_argument("--format", choices=["csv", "pdf"], default="csv")
        report.add_argument("--output", help="file to write (default: standard output)")
        report.add_argument("--site-only", action="store_true", help="the site alone, not its subtree")
        deadlines = sub.add_parser("deadlines", help="show or set the deadline settings")
        deadlines.add_argument("path", help=f"tree path of a site, or '{PROVINCE}' for the province defaults")
        deadlines.add_argument("--set", action="append", default=[], metavar="KIND=VALUE")
        deadlines.add_argument("--clear", action="append", default=[], metavar="KIND")

    def handle(self, *args, action: str, **options):
        with schema_context(get_public_schema_name()):
            getattr(self, f"handle_{action}")(**options)

    def handle_report(self, path, period, format="csv", output=None, site_only=False, **options):
        tenant = _site(path)
        try:
            start, end = reports.period_bounds(period)
        except reports.PeriodError as exc:
            raise CommandError(str(exc)) from exc
        run = reports.site_activity if site_only else reports.subtree_activity
        activity = run(tenant, start, end)
        if format == "pdf":
            data = reports.render_pdf(activity)
            if output:
                with open(output, "wb") as out:
                    out.write(data)
            else:
                sys.stdout.buffer.write(data)
            return
        if output:
            with open(output, "w", encoding="utf-8", newline="") as out:
                reports.write_csv(activity, out)
            return
        reports.write_csv(activity, self.stdout)

    def handle_refresh(self, path=None, subtree=False, no_progress=False, **options):
        if path:
            tenant = _site(path)
            tenants = list(subtree_sites(tenant).order_by("path")) if subtree else [tenant]
        else:
            tenants = None
        snapshots = services.refresh(tenants, progress=not no_progress and options["verbosity"] > 0)
        self.stdout.write(self.style.SUCCESS(f"Đã kiểm tra {len(snapshots)} trang (checked {len(snapshots)} sites)."))

    def handle_show(self, path, format="text", stored=False, **options):
        tenant = _site(path)
        if stored:
            snapshots = services.latest_snapshots([tenant])
            if not snapshots:
                raise CommandError(f"Chưa có kết quả lưu của “{path}” (no stored snapshot: run refresh).")
            data = snapshots[0].report
        else:
            data = services.evaluate_site(tenant).to_dict()
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{data['name']} ({data['path']}) — {data['day']}: {data['score']}/100")
        for finding in data["findings"]:
            label = STATUS_LABELS[Status(finding["status"])]
            self.stdout.write(
                f"  {finding['duty']:<4} {finding['code']:<24} {finding['status']:<15} {label} {finding['message']}"
            )
            for item in finding["evidence"]:
                if item["status"] not in ("ok", "on_time"):
                    self.stdout.write(
                        f"       - [{item['status']}] {item['label']} {item['detail']} {item['admin_url']}"
                    )

    def handle_deadlines(self, path, set=(), clear=(), **options):
        tenant = None if path == PROVINCE else _site(path)
        values: dict[str, int | None] = {kind: None for kind in clear}
        for pair in set:
            kind, _sep, value = pair.partition("=")
            if not value.strip().isdigit():
                raise CommandError(f"“{pair}”: cần dạng loại=số (expected KIND=NUMBER).")
            values[kind.strip()] = int(value)
        if values:
            try:
                set_deadlines(values, tenant)
            except ValueError as error:
                raise CommandError(str(error)) from error
        effective = deadlines_for(tenant) if tenant else province_defaults()
        for kind, value in effective.values.items():
            self.stdout.write(f"{kind:<12} {value:>3} {effective.unit(kind):<13} {effective.origins[kind]}")
