"""App config of the shared content types."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "sites"
    label = "portal"
    verbose_name = "Nội dung cổng thông tin"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.apps import apps

        from . import provisioning  # noqa: F401  (tenant provisioning)

        if apps.is_installed("demo"):
            from . import demo_content  # noqa: F401  (registers the demo content step)
