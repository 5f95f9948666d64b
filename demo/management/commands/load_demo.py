"""`manage.py load_demo` — build (or complete) the demo province; running it twice changes nothing."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from demo.loader import load_demo
from sites.tasks import sweep_attachment_texts


class Command(BaseCommand):
    help = "Tạo tỉnh mẫu Phú Thọ (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, no_progress=False, **options):
        tenants = load_demo(progress=not no_progress)
        # The text of the documents' files read now, not by the worker's next sweep (idempotent too).
        sweep_attachment_texts()
        # Searchable at once, with or without a Celery worker running (the drain is idempotent).
        call_command("search_drain", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Tỉnh mẫu sẵn sàng: {len(tenants)} trang (demo province ready)."))
