"""`manage.py persist_visits` — copy every site's daily visitor counts from Redis into PostgreSQL."""

from django.core.management.base import BaseCommand, CommandError

from participation.services.visitors import CounterUnavailable, persist_all_sites


class Command(BaseCommand):
    help = "Lưu số lượt truy cập theo ngày của mọi trang từ Redis vào PostgreSQL."

    def handle(self, *args, **options):
        try:
            written = persist_all_sites()
        except CounterUnavailable as error:
            raise CommandError(f"Redis không sẵn sàng (unavailable): {error}") from error
        for schema, rows in written.items():
            self.stdout.write(f"{schema}: {rows}")
        self.stdout.write(self.style.SUCCESS(f"Đã lưu {sum(written.values())} ngày ({len(written)} trang)."))
