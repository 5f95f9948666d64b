"""Translating a page programmatically through wagtail-localize (demo, scripts): sync the source,
fill its segments (given texts first, then the machine translator), save and publish the target.

Publishing goes through the page revision, so ``page_published`` fires and search indexes the
English page like any other.
"""

from __future__ import annotations

from collections.abc import Mapping

from wagtail.models import Locale, Page
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue

from core.text import ascii_slug, nfc


def fill_segments(
    source: TranslationSource,
    locale: Locale,
    texts: Mapping[str, str] | None = None,
    translator: BaseMachineTranslator | None = None,
    user=None,
) -> dict[str, int]:
    """Translate the source's untranslated segments: ``texts`` (source → target, a reviewed
    translation) then ``translator`` (a pre-fill); the slug follows the translated title.
    Existing translations are kept. Returns counts."""
    texts = {nfc(key).strip(): value for key, value in (texts or {}).items()}
    done = set(
        StringTranslation.objects.filter(locale=locale, context__object_id=source.object_id).values_list(
            "translation_of_id", "context_id"
        )
    )
    counts = {"given": 0, "machine": 0, "missing": 0}
    pending: list[StringSegment] = []
    slug: StringSegment | None = None
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        if (segment.string_id, segment.context_id) in done:
            continue
        given = texts.get(nfc(segment.string.data).strip())
        if given is not None:
            _store(segment, locale, given, StringTranslation.TRANSLATION_TYPE_MANUAL, "", user)
            counts["given"] += 1
        elif segment.context.path == "slug":
            slug = segment
        else:
            pending.append(segment)
    if pending and translator is not None:
        machine = translator.translate(source.locale, locale, {StringValue(item.string.data) for item in pending})
        for segment in pending:
            value = machine.get(StringValue(segment.string.data))
            if value is not None and value.data is not None:
                _store(
                    segment,
                    locale,
                    value.data,
                    StringTranslation.TRANSLATION_TYPE_MACHINE,
                    str(translator.display_name),
                    user,
                )
                counts["machine"] += 1
    counts["missing"] = len(pending) - counts["machine"]
    if slug is not None:
        title = StringTranslation.objects.filter(
            locale=locale, context__object_id=source.object_id, context__path="title"
        ).first()
        if title is not None and ascii_slug(title.data):
            _store(slug, locale, ascii_slug(title.data), title.translation_type, title.tool_name, user)
    return counts


def _store(segment: StringSegment, locale: Locale, data: str, kind: str, tool: str, user) -> None:
    StringTranslation.objects.get_or_create(
        translation_of_id=segment.string_id,
        locale=locale,
        context_id=segment.context_id,
        defaults={"data": data, "translation_type": kind, "tool_name": tool, "last_translated_by": user},
    )


def translate_page(
    page: Page,
    language_code: str,
    texts: Mapping[str, str] | None = None,
    translator: BaseMachineTranslator | None = None,
    user=None,
    publish: bool = True,
) -> Page:
    """Create or update the ``language_code`` translation of ``page`` (ancestors first, so the
    English tree has real parents) and publish it. Untranslated segments fall back to the source."""
    locale = Locale.objects.get(language_code=language_code)
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific():
        existing = ancestor.get_translation_or_none(locale)
        if existing is None or not existing.live:
            translate_page(ancestor, language_code, texts, translator, user, publish)
    source, _created = TranslationSource.update_or_create_from_instance(page.specific)
    Translation.objects.get_or_create(source=source, target_locale=locale)
    fill_segments(source, locale, texts, translator, user)
    source.create_or_update_translation(locale, user=user, publish=False, copy_parent_pages=True, fallback=True)
    target = source.get_translated_instance(locale)
    if publish:
        target.get_latest_revision().publish(user=user)
        target.refresh_from_db()
    return target.specific
