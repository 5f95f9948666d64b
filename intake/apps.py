"""App config of the intake: material sent to the editorial board (news, articles, photos, documents)."""

from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Tin, bài gửi đến"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import provisioning  # noqa: F401  (the board's permissions in every new site)
