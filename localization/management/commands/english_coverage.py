"""`manage.py english_coverage [--csv] [--tenant PATH]` — English coverage of D1 / D9 / D15 per site."""

import csv

from django.core.management.base import BaseCommand
from django_tenants.utils import schema_context

from localization.services.coverage import DUTIES, coverage_report
from tenants.models import Tenant
from tenants.tree import subtree_sites

CSV_FIELDS = ["tenant", "name", "duty", "status", "page_id", "title", "vi_changed_at", "en_synced_at", "en_page_id"]


class Command(BaseCommand):
    help = "Độ phủ tiếng Anh các mục bắt buộc (D1, D9, D15) của mọi trang: thiếu và đã cũ."

    def add_arguments(self, parser):
        parser.add_argument("--csv", action="store_true", dest="as_csv", help="một dòng mỗi mục, định dạng CSV")
        parser.add_argument("--tenant", help="chỉ đơn vị này và các đơn vị cấp dưới (đường dẫn cây)")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, as_csv=False, tenant=None, no_progress=False, **options):
        tenants = None
        if tenant:
            with schema_context("public"):
                root = Tenant.objects.filter(path=tenant).first()
                if root is None:
                    self.stderr.write(f"Không tìm thấy đơn vị “{tenant}” (tenant not found).")
                    raise SystemExit(2)
                tenants = list(subtree_sites(root).order_by("path"))
        report = coverage_report(tenants, progress=not no_progress and not as_csv)
        if as_csv:
            self._csv(report)
        else:
            self._table(report)

    def _csv(self, report):
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(CSV_FIELDS)
        for site in report:
            for item in site.items:
                writer.writerow(
                    [
                        site.path,
                        site.name,
                        item.duty,
                        item.status,
                        item.page_id or "",
                        item.title,
                        _iso(item.vi_changed_at),
                        _iso(item.en_synced_at),
                        item.en_page_id or "",
                    ]
                )

    def _table(self, report):
        duties = list(DUTIES)
        header = ["Đơn vị (site)", *duties, "Thiếu (missing)", "Cũ (stale)"]
        rows = [
            [
                site.path,
                *(site.duty_summary(duty) for duty in duties),
                str(site.counts["missing"] + site.counts["no_source"]),
                str(site.counts["stale"]),
            ]
            for site in report
        ]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        line = "  ".join(f"{{:<{width}}}" for width in widths)
        self.stdout.write(line.format(*header))
        self.stdout.write("  ".join("-" * width for width in widths))
        for row in rows:
            self.stdout.write(line.format(*row))
        problems = [(site, item) for site in report for item in site.problems]
        if problems:
            self.stdout.write("\nChi tiết (details):")
            for site, item in problems:
                page = f"“{item.title}” (id {item.page_id})" if item.page_id else "—"
                self.stdout.write(f"  {site.path:<28} {item.duty:<4} {item.status:<10} {page}")
        self.stdout.write(
            f"\n{len(report)} đơn vị; thiếu {sum(s.counts['missing'] + s.counts['no_source'] for s in report)}, "
            f"cũ {sum(s.counts['stale'] for s in report)}."
        )


def _iso(value) -> str:
    return value.isoformat() if value else ""
