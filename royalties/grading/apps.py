"""App config of the grades (a TENANT_APP); connects the receiver that revokes the grades of an
unpublished page."""

from django.apps import AppConfig


class RoyaltyGradingConfig(AppConfig):
    name = "royalties.grading"
    label = "royalties_grading"
    verbose_name = "Chấm nhuận bút"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (page_unpublished → grades revoked)
