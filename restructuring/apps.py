"""App config of restructuring (a shared app: its merge jobs live in the public schema)."""

from django.apps import AppConfig


class RestructuringConfig(AppConfig):
    name = "restructuring"
    verbose_name = "Sắp xếp đơn vị (sáp nhập)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import cli  # noqa: F401  (registers `manage.py tenants merge` with the tenants command)
