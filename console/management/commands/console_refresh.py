"""`manage.py console_refresh [--no-coverage]` — recount the site register's figures and the account
index of every site (what the periodic task does)."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from console.services import accounts, figures


class Command(BaseCommand):
    help = "Cập nhật số liệu bảng đơn vị của bảng điều khiển (refresh the console's site figures)."

    def add_arguments(self, parser):
        parser.add_argument("--no-coverage", action="store_true", help="skip English coverage (faster)")

    def handle(self, *args, no_coverage=False, **options):
        count = figures.refresh_all(
            coverage=not no_coverage,
            progress=lambda items: tqdm(items, desc="Đơn vị", unit="site", disable=options["verbosity"] < 1),
            also=accounts.index_site,
        )
        self.stdout.write(self.style.SUCCESS(f"Đã cập nhật {count} đơn vị (refreshed {count} sites)."))
