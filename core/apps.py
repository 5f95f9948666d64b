"""App config of the ground floor. ``core`` has no models; it is an app only so that its one
``pre_save`` receiver (Unicode NFC for every text field, D21) is connected exactly once, and the
per-request memo of Wagtail's repeated lookups (``core.requestmemo``) installed once."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Quy tắc chung"

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from .requestmemo import install
        from .text import store_text_as_nfc

        install()
        pre_save.connect(store_text_as_nfc, dispatch_uid="core-nfc-on-save")
