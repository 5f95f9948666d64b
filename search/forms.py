"""Validation of search parameters (shared by the search page and the JSON API)."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from core.kinds import KINDS

MAX_QUERY_LENGTH = 200
MAX_PAGE_SIZE = 50
MAX_PAGE = 50
PATH_RE = re.compile(r"^[a-z][a-z0-9]{0,39}(\.[a-z][a-z0-9]{0,39}){0,6}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u2028-\u202e\ufeff]")
# Typographic dashes (‐ ‑ ‒ – — ― −) are punctuation, and so is an ASCII hyphen that does not start a word:
# "Hội nghị – Sơn Hùng" must not become "… NOT Sơn" (the search syntax's "-word" excludes a word).
_PUNCTUATION_DASH = re.compile(r"[\u2010-\u2015\u2212]|-(?!\w|\")")


def clean_query(text: str) -> str:
    """NFC, no control or bidi characters, no lone surrogates, dashes as punctuation, single spaces."""
    text = (text or "").encode("utf-8", "ignore").decode("utf-8")
    text = unicodedata.normalize("NFC", text)
    text = _PUNCTUATION_DASH.sub(" ", _CONTROL.sub(" ", text))
    return " ".join(text.split())


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Từ khóa"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        error_messages={"max_length": _("Từ khóa dài tối đa %(limit_value)d ký tự.")},
    )
    scope = forms.ChoiceField(
        label=_("Phạm vi"),
        required=False,
        choices=[("", _("Trang này và các đơn vị trực thuộc")), ("province", _("Toàn tỉnh"))],
    )
    site = forms.CharField(label=_("Đơn vị"), required=False, max_length=255)
    kind = forms.ChoiceField(label=_("Loại nội dung"), required=False, choices=[("", "")] + [(k, k) for k in KINDS])
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)
    language = forms.ChoiceField(
        label=_("Ngôn ngữ"), required=False, choices=[("", ""), ("vi", "Tiếng Việt"), ("en", "English")]
    )
    page = forms.IntegerField(
        label=_("Trang"),
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        error_messages={
            "max_value": _("Chỉ xem được tối đa %(limit_value)s trang kết quả; hãy thu hẹp từ khóa hoặc bộ lọc.")
        },
    )
    page_size = forms.IntegerField(
        label=_("Số kết quả mỗi trang"), required=False, min_value=1, max_value=MAX_PAGE_SIZE
    )

    def __init__(self, *args, strict: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.strict = strict  # the JSON API refuses parameters it does not know

    def clean_q(self) -> str:
        return clean_query(self.cleaned_data.get("q", ""))

    def clean_site(self) -> str:
        site = (self.cleaned_data.get("site") or "").strip().lower()
        if site and not PATH_RE.match(site):
            raise forms.ValidationError(_("Mã đơn vị không hợp lệ."))
        return site

    def clean(self):
        data = super().clean()
        unknown = set(self.data.keys()) - set(self.fields)
        if self.strict and unknown:
            raise forms.ValidationError(
                _("Tham số không được hỗ trợ: %(names)s."), params={"names": ", ".join(sorted(unknown))}
            )
        return data

    def first_error(self) -> str:
        for field, errors in self.errors.items():
            label = self.fields[field].label if field in self.fields else ""
            return f"{label}: {errors[0]}" if label else str(errors[0])
        return ""
