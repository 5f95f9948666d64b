"""App config of the royalty scales (a SHARED_APP: its tables live in the public schema)."""

from django.apps import AppConfig


class RoyaltiesConfig(AppConfig):
    name = "royalties"
    verbose_name = "Nhuận bút, thù lao"
    default_auto_field = "django.db.models.BigAutoField"
