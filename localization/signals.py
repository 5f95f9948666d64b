"""Every segment a tenant translates by hand joins the province-wide translation memory."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail_localize.models import StringTranslation

from .services import memory


@receiver(post_save, sender=StringTranslation)
def remember_string_translation(sender, instance: StringTranslation, update_fields=None, **_kwargs) -> None:
    if update_fields is not None and not {"data", "has_error", "translation_type"} & set(update_fields):
        return
    if instance.translation_type != StringTranslation.TRANSLATION_TYPE_MANUAL:
        return
    source = instance.translation_of
    languages = (source.locale.language_code, instance.locale.language_code)
    if instance.has_error:
        memory.forget(source.data, instance.data, *languages)
    else:
        memory.remember(source.data, instance.data, *languages)
