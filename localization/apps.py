"""App config of the localization layer."""

from django.apps import AppConfig


class LocalizationConfig(AppConfig):
    name = "localization"
    verbose_name = "Bản địa hoá (tiếng Anh)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import (
            provisioning,  # noqa: F401  (joins tenant provisioning)
            signals,  # noqa: F401  (translation memory fed by every tenant)
        )
