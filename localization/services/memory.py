"""Province-wide translation memory: remember every segment a tenant translated, look up exact matches.

The memory lives in the public schema; writers run inside a tenant schema (a signal of
wagtail-localize's StringTranslation, or the harvest command), so every access switches explicitly.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_context
from tqdm import tqdm

from core.text import nfc
from tenants.models import Tenant
from tenants.tree import all_sites

from ..models import TranslationMemory, source_hash


def _site(schema_name: str | None) -> Tenant | None:
    """The tenant of ``schema_name`` (default: the current schema); call inside the public schema."""
    return Tenant.objects.filter(schema_name=schema_name or connection.schema_name).first()


def remember(
    source_text: str, target_text: str, source_language: str, target_language: str, schema_name: str | None = None
) -> TranslationMemory | None:
    """Store (or refresh) one translated segment as the current site's (or ``schema_name``'s): the site's
    latest translation of a text wins within its own row; other sites' rows are left alone."""
    source_text, target_text = nfc(source_text).strip(), nfc(target_text).strip()
    if not source_text or not target_text or source_language == target_language:
        return None
    schema_name = schema_name or connection.schema_name
    with schema_context(get_public_schema_name()):
        memory, _created = TranslationMemory.objects.update_or_create(
            source_tenant=_site(schema_name),
            source_language=source_language,
            target_language=target_language,
            source_hash=source_hash(source_text),
            defaults={"source_text": source_text, "target_text": target_text},
        )
        return memory


def forget(source_text: str, target_text: str, source_language: str, target_language: str) -> None:
    """Drop the current site's remembered translation that turned out invalid (only if it is still that
    translation); another site's row of the same text stays."""
    schema_name = connection.schema_name
    with schema_context(get_public_schema_name()):
        TranslationMemory.objects.filter(
            source_tenant=_site(schema_name),
            source_language=source_language,
            target_language=target_language,
            source_hash=source_hash(source_text),
            target_text=nfc(target_text).strip(),
        ).delete()


def _preference(row_path: str | None, own_path: str | None) -> int:
    """0: the asking site's own row, 1: a parent's (province, district), 2: any other site's."""
    if own_path and row_path == own_path:
        return 0
    if own_path and row_path and own_path.startswith(f"{row_path}."):
        return 1
    return 2


def lookup(texts: Iterable[str], source_language: str, target_language: str) -> dict[str, str]:
    """Exact matches: {source text as given → remembered translation}, for the current site: its own
    translation first, then its parents', then the most recent of any site."""
    by_hash = {source_hash(text): text for text in texts if nfc(text).strip()}
    if not by_hash:
        return {}
    schema_name = connection.schema_name
    with schema_context(get_public_schema_name()):
        own = _site(schema_name)
        own_path = own.path if own is not None else None
        rows = TranslationMemory.objects.filter(
            source_language=source_language, target_language=target_language, source_hash__in=list(by_hash)
        ).values_list("source_hash", "target_text", "source_tenant__path", "updated_at")
        best: dict[str, tuple] = {}
        for hash_, target, path, updated in rows:
            rank = (_preference(path, own_path), -updated.timestamp())
            if hash_ not in best or rank < best[hash_][0]:
                best[hash_] = (rank, target)
        return {by_hash[hash_]: target for hash_, (_rank, target) in best.items()}


def harvest_current_schema() -> int:
    """Remember every valid, human-made translation of the current tenant schema; returns the count."""
    from wagtail_localize.models import StringTranslation

    count = 0
    translations = (
        StringTranslation.objects.filter(has_error=False, translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL)
        .select_related("translation_of__locale", "locale")
        .order_by("updated_at")
    )
    for item in translations.iterator():
        if remember(
            item.translation_of.data, item.data, item.translation_of.locale.language_code, item.locale.language_code
        ):
            count += 1
    return count


def harvest_all(progress: bool = False) -> dict[str, int]:
    """Backfill the memory from every tenant: {tenant path → segments remembered}."""
    from django_tenants.utils import tenant_context

    with schema_context(get_public_schema_name()):
        tenants = list(all_sites().order_by("path"))
    result = {}
    for tenant in tqdm(tenants, desc="Bộ nhớ dịch", unit="site", disable=not progress):
        with tenant_context(tenant):
            result[tenant.path] = harvest_current_schema()
    return result
