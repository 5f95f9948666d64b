"""Query-parameter validation of the JSON API: every bad parameter becomes a 400 with a clear message."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.text import nfc

from ..forms import DATE_INPUTS, DocumentSearchForm
from ..models.public_services import ServiceLevel, UserType

DEFAULT_PAGE_SIZE = 20


def max_page_size() -> int:
    return int(getattr(settings, "API_MAX_PAGE_SIZE", 100))


class ApiForm(forms.Form):
    """Pagination and language, shared by every list endpoint."""

    page = forms.IntegerField(required=False, min_value=1)
    page_size = forms.IntegerField(required=False, min_value=1)
    lang = forms.ChoiceField(required=False, choices=settings.WAGTAIL_CONTENT_LANGUAGES)

    def clean_page_size(self):
        size = self.cleaned_data.get("page_size") or DEFAULT_PAGE_SIZE
        if size > max_page_size():
            raise forms.ValidationError(_("page_size tối đa là %(max)s."), params={"max": max_page_size()})
        return size

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = nfc(value.strip())
        return data


class DocumentApiForm(ApiForm, DocumentSearchForm):
    """Same filters as the document search tool (ids for type, issuing body and field)."""


class ServiceApiForm(ApiForm):
    q = forms.CharField(required=False, max_length=200)
    sector = forms.IntegerField(required=False, min_value=1)
    user_type = forms.ChoiceField(required=False, choices=UserType.choices)
    level = forms.ChoiceField(required=False, choices=ServiceLevel.choices)
    agency = forms.CharField(required=False, max_length=300)
    code = forms.CharField(required=False, max_length=50)
    foreigner_usable = forms.ChoiceField(required=False, choices=[("true", "true"), ("false", "false")])


class NewsApiForm(ApiForm):
    q = forms.CharField(required=False, max_length=200)
    category = forms.IntegerField(required=False, min_value=1)
    date_from = forms.DateField(required=False, input_formats=DATE_INPUTS)
    date_to = forms.DateField(required=False, input_formats=DATE_INPUTS)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("“date_from” phải trước hoặc bằng “date_to”."))
        return data


class ContactApiForm(ApiForm):
    q = forms.CharField(required=False, max_length=200)
    unit = forms.CharField(required=False, max_length=200)
