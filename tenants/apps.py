"""App config of the tenant registry."""

from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Đơn vị (tenant)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import routing  # noqa: F401  (connects cache invalidation signals)
