"""Abuse protection shared by every citizen form: honeypot and the per-client rate limit of each action.

The limit itself is the platform's one rule (``core.ratelimit``, client address from ``core.client``):
when the cache is unreachable the submission is accepted — a valid citizen submission is never lost
because of an infrastructure failure. Only a submission that passed validation is counted.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.ratelimit import RateLimit, hit_request

from .text import clean_citizen_text

HONEYPOT_FIELD = "website"
DEFAULT_LIMITS = {
    "question": (5, 600),
    "comment": (10, 600),
    "rating": (5, 3600),
    "lookup": (30, 600),
    "submission": (5, 600),  # material sent to the editorial board (the intake form)
}


def rate_limit(request: HttpRequest, action: str) -> RateLimit:
    """Count one attempt of ``action`` (question, comment, rating, tracking-code lookup, submission) by this client."""
    limits = getattr(settings, "PARTICIPATION_RATE_LIMITS", {}) or {}
    max_count, window = limits.get(action, DEFAULT_LIMITS[action])
    return hit_request(request, f"participation:{action}", max_count, window)


def rate_limit_exceeded(request: HttpRequest, action: str) -> bool:
    """Count one submission of ``action`` by this client; True when over the limit of the window.

    Call it only for a submission that passed validation: a citizen who mistypes a field and
    corrects it is not refused for the failed attempts (only accepted submissions are counted)."""
    return not rate_limit(request, action).allowed


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
