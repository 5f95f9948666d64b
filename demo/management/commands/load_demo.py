"""`manage.py load_demo` — build (or complete) the demo province; running it twice changes nothing."""
from django.core.management.base import BaseCommand

from demo.loader import load_demo


class Command(BaseCommand):
    help = "Tạo tỉnh mẫu Phú Thọ (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, no_progress=False, **options):
        tenants = load_demo(progress=not no_progress)
        self.stdout.write(self.style.SUCCESS(f"Tỉnh mẫu sẵn sàng: {len(tenants)} trang (demo province ready)."))
