"""``manage.py pagecache_clear``: every cached page of every site is stale (e.g. after a deploy that
changed templates)."""

from django.core.management.base import BaseCommand

from pagecache.store import platform_generation


class Command(BaseCommand):
    help = "Mark every cached page of every site stale."

    def handle(self, *args, **options):
        platform_generation.bump()
        self.stdout.write("page cache cleared")
