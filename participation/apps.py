"""App config of citizen interaction: questions & answers, consultations, ratings, visitor counter."""

from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = "Tương tác với người dân"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported once the models are loaded: they connect receivers and register page views.
        from . import provisioning  # noqa: F401  (board permissions in every new site)
        from .views import consultations, questions  # noqa: F401  (the page types' registered views)
