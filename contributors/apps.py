"""App config of the contributors of pages (issue 15 item 4)."""

from django.apps import AppConfig


class ContributorsConfig(AppConfig):
    name = "contributors"
    verbose_name = "Người đóng góp"
    default_auto_field = "django.db.models.BigAutoField"
