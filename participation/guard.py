"""Abuse protection shared by every citizen form: honeypot, per-IP rate limit, client fingerprint.

The rate limit counts in the shared cache (Redis). When the cache is unreachable the submission is
accepted: a valid citizen submission is never lost because of an infrastructure failure.
"""

from __future__ import annotations

import hashlib
import hmac
import logging

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .text import clean_citizen_text

log = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"
DEFAULT_LIMITS = {"question": (5, 600), "comment": (10, 600), "rating": (5, 3600)}


def client_ip(request: HttpRequest) -> str:
    """The client address as the ASGI/WSGI server saw it (uvicorn --proxy-headers sets it behind a proxy)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def fingerprint(*parts: str) -> str:
    """A keyed hash: lets us count per IP without storing the address itself."""
    message = "|".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


def rate_limit_exceeded(request: HttpRequest, action: str) -> bool:
    """Count one attempt of ``action`` by this client; True when over the limit of the window."""
    limits = getattr(settings, "PARTICIPATION_RATE_LIMITS", {}) or {}
    max_count, window = limits.get(action, DEFAULT_LIMITS[action])
    key = f"participation:rate:{action}:{fingerprint(client_ip(request))}"
    try:
        cache.add(key, 0, window)
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        return False
    except Exception:
        log.warning("participation: cache unavailable, rate limit not applied to %s", action)
        return False
    return count > max_count


class CitizenForm(forms.Form):
    """Base of the public forms: a honeypot field and cleaned (NFC, tag-free, script-free) text."""

    multiline_fields: tuple[str, ...] = ()

    website = forms.CharField(
        required=False,
        label=_("Không điền vào ô này"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self) -> str:
        if self.cleaned_data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(_("Biểu mẫu không hợp lệ."), code="honeypot")
        return ""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if name == HONEYPOT_FIELD or not isinstance(value, str) or not isinstance(field, forms.CharField):
                continue
            try:
                value = clean_citizen_text(value, multiline=name in self.multiline_fields)
            except forms.ValidationError as error:
                self.add_error(name, error)
                continue
            if field.required and not value:
                self.add_error(name, forms.ValidationError(field.error_messages["required"], code="required"))
            cleaned[name] = value
        return cleaned

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:  # let assistive technology announce which field is wrong and why
            if name in self.fields and name != HONEYPOT_FIELD:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{self[name].auto_id}-err"}
                )

    @property
    def is_spam(self) -> bool:
        return HONEYPOT_FIELD in self.errors
