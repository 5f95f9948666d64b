"""Every new tenant schema gets the locales vi (default) and en."""

from django.conf import settings
from django.dispatch import receiver

from tenants.signals import prepare_tenant_schema


@receiver(prepare_tenant_schema)
def create_locales(schema_name: str, **_kwargs) -> None:
    from wagtail.models import Locale

    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
