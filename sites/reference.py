"""Reference lists every site starts with (document types, issuing bodies, sectors, news categories).

Idempotent: run in every new tenant schema (``prepare_tenant_schema``) and by the demo loader.
"""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Locale

from .models import DocumentType, IssuingBody, NewsCategory, Sector
from .models.snippets import BODY_DOCUMENT_TYPES, DOCUMENT_TYPES, ISSUING_BODIES, NEWS_CATEGORIES, SECTORS


def seed_reference_lists() -> None:
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for order, name in enumerate(DOCUMENT_TYPES, start=1):
        DocumentType.objects.get_or_create(name=name, locale=locale, defaults={"sort_order": order})
    for order, (name, abbreviation) in enumerate(ISSUING_BODIES, start=1):
        body, created = IssuingBody.objects.get_or_create(
            name=name, locale=locale, defaults={"sort_order": order, "abbreviation": abbreviation}
        )
        if created and name in BODY_DOCUMENT_TYPES:  # a site's later edits of the list are kept
            body.document_types.set(DocumentType.objects.filter(locale=locale, name__in=BODY_DOCUMENT_TYPES[name]))
    for order, name in enumerate(SECTORS, start=1):
        Sector.objects.get_or_create(name=name, locale=locale, defaults={"sort_order": order})
    for order, name in enumerate(NEWS_CATEGORIES, start=1):
        NewsCategory.objects.get_or_create(name=name, locale=locale, defaults={"sort_order": order})
