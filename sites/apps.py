"""App config of the shared content types."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "sites"
    label = "portal"
    verbose_name = "Nội dung cổng thông tin"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:

        # Imported once the models are loaded: they connect receivers and register page views.
        from . import provisioning, receivers, views  # noqa: F401  (tenant provisioning, receivers, page views)
