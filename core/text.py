"""Vietnamese text normalisation — the one home of the NFC rule (D21, TCVN 6909:2011): everything is stored in Unicode NFC.

One mechanism: :func:`normalize_instance` rewrites every text field of a model instance — plain
char/text fields, rich text and the strings inside StreamField data — to NFC. It runs from a
``pre_save`` signal (see ``sites.signals``) and before a page revision is serialised.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db import models


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value) if value else value


def nfc_data(data: Any) -> Any:
    """Normalise every string inside JSON-like data (lists, dicts, strings)."""
    if isinstance(data, str):
        return nfc(data)
    if isinstance(data, list):
        return [nfc_data(item) for item in data]
    if isinstance(data, dict):
        return {key: nfc_data(item) for key, item in data.items()}
    return data


def normalize_instance(instance: models.Model) -> None:
    """Rewrite the text fields of ``instance`` in place to NFC (NFD input accepted)."""
    from wagtail.fields import StreamField

    for field in instance._meta.concrete_fields:
        if isinstance(field, StreamField):
            value = getattr(instance, field.attname, None)
            if value is None:
                continue
            raw = field.get_prep_value(value)
            if not isinstance(raw, list):
                continue
            normalized = nfc_data(raw)
            if normalized != raw:
                setattr(instance, field.attname, normalized)
        elif isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname, None)
            if isinstance(value, str) and value:
                normalized = nfc(value)
                if normalized != value:
                    setattr(instance, field.attname, normalized)


def normalize_with_children(instance: models.Model) -> None:
    """Normalise a page and its in-memory child objects (inline panels) before serialising a revision."""
    from modelcluster.models import get_all_child_relations

    normalize_instance(instance)
    for relation in get_all_child_relations(instance):
        for child in getattr(instance, relation.get_accessor_name()).all():
            normalize_instance(child)
