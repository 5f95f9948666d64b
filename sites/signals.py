"""Signal receivers of the content app: Unicode NFC on every save (D21)."""

from __future__ import annotations

from django.db.models.signals import pre_save
from django.dispatch import receiver

from core.text import normalize_instance

# Apps whose every text field is user input edited through the portal's admin.
NFC_APP_LABELS = frozenset({"portal", "wagtailcore", "wagtaildocs", "wagtailimages", "taggit"})


@receiver(pre_save, dispatch_uid="portal-nfc-on-save")
def store_text_as_nfc(sender, instance, raw=False, **_kwargs) -> None:
    if raw or sender._meta.app_label not in NFC_APP_LABELS:
        return
    if sender._meta.app_label == "wagtailcore" and sender._meta.model_name not in {"page", "site"}:
        return  # revisions, logs, workflow states: machine data
    normalize_instance(instance)
