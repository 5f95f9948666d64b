"""Forms: the legal-document search tool (D6) and the document upload form with its size limit."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from core.text import nfc

from .models.gazette import GazetteIssue
from .models.legal import DocumentStatus, legal_file_max_bytes
from .models.snippets import DocumentType, IssuingBody, Sector

SORT_CHOICES = [
    ("-issue_date", _("Ngày ban hành (mới nhất)")),
    ("issue_date", _("Ngày ban hành (cũ nhất)")),
    ("number", _("Số, ký hiệu (A → Z)")),
    ("title", _("Tên văn bản (A → Z)")),
    ("-effective_date", _("Ngày có hiệu lực (mới nhất)")),
]
DEFAULT_SORT = "-issue_date"
SIGNATURE_CHOICES = [
    ("", _("Tất cả")),
    ("signed", _("Có chữ ký số")),
    ("verified", _("Chữ ký số xác minh được")),
    ("unsigned", _("Không có chữ ký số")),
]
GAZETTE_CHOICES = [
    ("", _("Tất cả")),
    ("published", _("Đã đăng công báo")),
    ("unpublished", _("Chưa đăng công báo")),
]
DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]


class DocumentSearchForm(forms.Form):
    """Every filter of the document register, submitted by GET so result pages can be bookmarked."""

    q = forms.CharField(label=_("Từ khóa"), required=False, max_length=200)
    number = forms.CharField(label=_("Số, ký hiệu"), required=False, max_length=60)
    doc_type = forms.ModelChoiceField(label=_("Loại văn bản"), queryset=None, required=False, empty_label=_("Tất cả"))
    issuing_body = forms.ModelChoiceField(
        label=_("Cơ quan ban hành"), queryset=None, required=False, empty_label=_("Tất cả")
    )
    field = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=None, required=False, empty_label=_("Tất cả"))
    signer = forms.CharField(label=_("Người ký"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Tình trạng hiệu lực"),
        required=False,
        choices=[("", _("Tất cả (trừ văn bản đã thu hồi)"))] + DocumentStatus.choices,
    )
    signature = forms.ChoiceField(label=_("Chữ ký số"), required=False, choices=SIGNATURE_CHOICES)
    gazette = forms.ChoiceField(label=_("Công báo"), required=False, choices=GAZETTE_CHOICES)
    gazette_issue = forms.ModelChoiceField(
        label=_("Số công báo"), queryset=GazetteIssue.objects.all(), required=False, empty_label=_("Tất cả")
    )
    year = forms.IntegerField(label=_("Năm ban hành"), required=False, min_value=1945, max_value=2100)
    date_from = forms.DateField(
        label=_("Ban hành từ ngày"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("đến ngày"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sort = forms.ChoiceField(label=_("Sắp xếp theo"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, locale=None, gazette: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not gazette:  # a site without a gazette (district, commune, agency): no gazette filters to offer
            del self.fields["gazette"], self.fields["gazette_issue"]
        for name, model in (("doc_type", DocumentType), ("issuing_body", IssuingBody), ("field", Sector)):
            queryset = model.objects.all()
            self.fields[name].queryset = queryset.filter(locale=locale) if locale is not None else queryset

    LIST_FILTERS = ("doc_type", "issuing_body", "field", "gazette_issue")

    def filter_lists(self) -> dict[str, list[tuple[object, str]]]:
        """What each list filter offers: ``(value, label)`` of every row of its queryset."""
        lists = {}
        for name in self.LIST_FILTERS:
            if name in self.fields:
                field = self.fields[name]
                lists[name] = [(field.prepare_value(row), field.label_from_instance(row)) for row in field.queryset]
        return lists

    def show_filter_lists(self, lists: dict[str, list[tuple[object, str]]]) -> None:
        """Render the list filters from ``lists`` (kept between requests) instead of querying each;
        a submitted value is still checked against the database when the form is cleaned."""
        for name, rows in lists.items():
            if name in self.fields:
                field = self.fields[name]
                field.choices = [("", field.empty_label), *rows] if field.empty_label is not None else list(rows)

    def clean(self):
        data = super().clean()
        for name in ("q", "number", "signer"):
            data[name] = nfc((data.get(name) or "").strip())
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError(_("“Từ ngày” phải trước hoặc bằng “đến ngày”."), code="date_range")
        if data.get("gazette") == "unpublished" and data.get("gazette_issue"):
            raise ValidationError(
                _("Không thể vừa chọn “Chưa đăng công báo” vừa chọn một số công báo."), code="gazette_conflict"
            )
        data["sort"] = data.get("sort") or DEFAULT_SORT
        return data


class PortalDocumentForm(BaseDocumentForm):
    """Wagtail's document form with the upload size limit (``DOCUMENT_MAX_UPLOAD_MB``) and a clear message.

    Plugged in with ``WAGTAILDOCS_DOCUMENT_FORM_BASE``; oversized files are rejected before anything is stored.
    """

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        size = getattr(uploaded, "size", None)
        if size is not None and "file" in self.changed_data and size > legal_file_max_bytes():
            raise ValidationError(
                _("Tệp quá lớn (%(size)s MB); dung lượng tối đa là %(max)s MB."),
                params={"size": round(size / 1048576, 1), "max": legal_file_max_bytes() // 1048576},
                code="file_too_large",
            )
        return uploaded
