"""Cleaning of text typed by citizens: Unicode NFC, no HTML, no script, no control characters.

(Storage in NFC is not done here: every model is normalised on save by ``core.text``.)"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from core.text import nfc

SCRIPT_RE = re.compile(r"<\s*/?\s*script\b|javascript\s*:|\bon[a-z]+\s*=\s*[\"']", re.IGNORECASE)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_citizen_text(value: str, *, multiline: bool = False) -> str:
    """Return ``value`` as NFC plain text; raise ValidationError when it carries script content."""
    value = nfc(value or "")
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
