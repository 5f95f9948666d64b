"""Cleaning of text typed by citizens: Unicode NFC, no HTML, no script, no control characters."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

SCRIPT_RE = re.compile(r"<\s*/?\s*script\b|javascript\s*:|\bon[a-z]+\s*=\s*[\"']", re.IGNORECASE)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_citizen_text(value: str, *, multiline: bool = False) -> str:
    """Return ``value`` as NFC plain text; raise ValidationError when it carries script content."""
    value = unicodedata.normalize("NFC", value or "")
    if SCRIPT_RE.search(value):
        raise ValidationError(
            _("Nội dung không được chứa mã lệnh (script). Vui lòng chỉ nhập văn bản thuần."), code="script"
        )
    value = strip_tags(value)
    value = CONTROL_RE.sub("", value)
    if not multiline:
        value = " ".join(value.split())
    else:
        value = "\n".join(line.rstrip() for line in value.replace("\r\n", "\n").split("\n")).strip()
    return value


def normalise_text_fields(instance) -> None:
    """Store every text field of a model instance in NFC (D21), whoever typed it (citizen or editor)."""
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
            setattr(instance, field.attname, unicodedata.normalize("NFC", value))


class NFCMixin:
    def save(self, *args, **kwargs):
        normalise_text_fields(self)
        super().save(*args, **kwargs)
