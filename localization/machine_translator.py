"""wagtail-localize machine translator that pre-fills a translation from what the province already
knows: (a) exact matches in the province-wide translation memory, (b) the glossary, and only then
(c) an external engine — LibreTranslate or DeepL — if, and only if, one is configured.

Nothing leaves the server unless ``LIBRETRANSLATE_URL`` or ``DEEPL_AUTH_KEY`` is set. Pre-filled
segments are marked as machine translations; editors review them before publishing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue

from .services import memory
from .services.glossary import Glossary

log = logging.getLogger(__name__)


def _language(locale) -> str:
    return locale.language_code.split("-")[0].lower()


def external_engine(options: dict) -> BaseMachineTranslator | None:
    """The configured external engine, or None (the default: nothing is sent anywhere)."""
    timeout = options.get("TIMEOUT", 10)
    if options.get("LIBRETRANSLATE_URL"):
        from wagtail_localize.machine_translators.libretranslate import LibreTranslator

        return LibreTranslator(
            {
                "LIBRETRANSLATE_URL": options["LIBRETRANSLATE_URL"].rstrip("/"),
                "API_KEY": options.get("LIBRETRANSLATE_API_KEY", ""),
                "TIMEOUT": timeout,
            }
        )
    if options.get("DEEPL_AUTH_KEY"):
        from wagtail_localize.machine_translators.deepl import DeepLTranslator

        return DeepLTranslator({"AUTH_KEY": options["DEEPL_AUTH_KEY"], "TIMEOUT": timeout})
    return None


class ProvinceMemoryTranslator(BaseMachineTranslator):
    display_name = _("Bộ nhớ dịch và thuật ngữ toàn tỉnh")

    def can_translate(self, source_locale, target_locale) -> bool:
        return _language(source_locale) != _language(target_locale)

    def translate(self, source_locale, target_locale, strings: Iterable[StringValue]) -> dict[StringValue, StringValue]:
        """Translations of the strings it can fill; strings it cannot are left out (not pre-filled)."""
        strings = list(strings)
        source, target = _language(source_locale), _language(target_locale)
        remembered = memory.lookup([string.data for string in strings], source, target)
        glossary = Glossary.load() if (source, target) == ("vi", "en") else None
        result: dict[StringValue, StringValue] = {}
        remaining = []
        for string in strings:
            english = remembered.get(string.data)
            if english is None and not any(char.isalpha() for char in string.data):
                english = string.data  # numbers, phone numbers, codes: the same in every language
            if english is None and glossary is not None:
                english = glossary.translate(string.data)
            if english is None:
                remaining.append(string)
            else:
                result[string] = StringValue(english)
        engine = external_engine(self.options) if remaining else None
        if engine is not None:
            try:
                result.update(engine.translate(source_locale, target_locale, remaining))
            except Exception:  # the engine being down must not break the editor's screen
                log.warning(
                    "External machine translation failed; %d segments left for the editor",
                    len(remaining),
                    exc_info=True,
                )
        return result
