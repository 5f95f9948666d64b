"""App config of the Vietnamese working-day calendar (public schema, shared by every site)."""

from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "workdays"
    verbose_name = "Lịch ngày làm việc"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import services  # noqa: F401  (connects the cache invalidation signals)
