"""App config of the province-wide search."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "aggregate_search"
    verbose_name = "Tìm kiếm toàn tỉnh"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (page changes → tenant outbox)
