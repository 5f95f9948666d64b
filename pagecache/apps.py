"""App config of the page cache (no models)."""

from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Bộ đệm trang"

    def ready(self) -> None:
        from . import invalidation  # noqa: F401  (connects the receivers that move the generations)
