"""`manage.py tm_harvest` — backfill the province translation memory from every site's translations."""

from django.core.management.base import BaseCommand

from localization.services.memory import harvest_all


class Command(BaseCommand):
    help = "Nạp vào bộ nhớ dịch toàn tỉnh mọi đoạn đã dịch của tất cả các trang."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, no_progress=False, **options):
        result = harvest_all(progress=not no_progress)
        for path, count in result.items():
            if count:
                self.stdout.write(f"  {path:<32} {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Bộ nhớ dịch: {sum(result.values())} đoạn từ {len(result)} đơn vị (segments remembered)."
            )
        )
