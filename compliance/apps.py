"""App config of the compliance monitor (its snapshot table lives in the public schema)."""

from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Giám sát tuân thủ"
    default_auto_field = "django.db.models.BigAutoField"
