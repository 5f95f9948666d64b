"""The public "Gửi tin, bài" form (the protections of every citizen form: ``participation.guard``)
and the board's forms (assign, refuse)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.editorial_board import in_board
from participation.forms import PHONE
from participation.guard import CitizenForm

from .models import Submission

# Allowed types: extension → (MIME types a browser may send, the file's first bytes).
ALLOWED_TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


def max_upload_bytes() -> int:
    return int(getattr(settings, "INTAKE_MAX_UPLOAD_MB", 10)) * 1024 * 1024


def max_files() -> int:
    return int(getattr(settings, "INTAKE_MAX_FILES", 3))


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each checked against the allow-list and the size limit."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(f".{e}" for e in ALLOWED_TYPES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        files = [f for f in files if f]
        if len(files) > max_files():
            raise forms.ValidationError(
                _("Chỉ gửi được tối đa %(count)d tệp.") % {"count": max_files()}, code="too_many"
            )
        return [check_upload(super(MultipleFileField, self).clean(f, initial)) for f in files]


def check_upload(upload):
    """Refuse a file whose type is not allowed (by extension and by content) or that is too large."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = ALLOWED_TYPES.get(extension)
    if allowed is None:
        raise forms.ValidationError(
            _("Tệp “%(name)s” không được nhận: chỉ nhận tệp PDF, DOCX, ODT, JPG, PNG.") % {"name": name},
            code="type",
        )
    if upload.size > max_upload_bytes():
        raise forms.ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s): mỗi tệp tối đa %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(max_upload_bytes())},
            code="size",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in allowed[1]):
        raise forms.ValidationError(
            _("Nội dung tệp “%(name)s” không đúng với loại tệp %(ext)s.") % {"name": name, "ext": extension.upper()},
            code="content",
        )
    upload.intake_content_type = allowed[0]
    return upload


class SubmissionForm(CitizenForm):
    multiline_fields = ("body",)

    sender_name = forms.CharField(label=_("Họ và tên người gửi"), max_length=200)
    sender_email = forms.EmailField(label=_("Thư điện tử"), required=False, max_length=254)
    sender_phone = forms.CharField(label=_("Điện thoại"), required=False, max_length=20, validators=[PHONE])
    organisation = forms.CharField(label=_("Cơ quan, đơn vị (không bắt buộc)"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Loại tin, bài"), choices=Submission.Kind.choices, initial=Submission.Kind.NEWS)
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    body = forms.CharField(label=_("Nội dung"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10}))
    files = MultipleFileField(label=_("Tệp đính kèm (không bắt buộc)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "PDF, DOCX, ODT, JPG hoặc PNG; tối đa %(count)d tệp, mỗi tệp không quá %(limit)s."
        ) % {"count": max_files(), "limit": filesizeformat(max_upload_bytes())}
        self.fields["files"].widget.attrs["aria-describedby"] = f"{self['files'].auto_id}-help"  # types, limits
        self.order_fields(
            ["sender_name", "sender_email", "sender_phone", "organisation", "kind", "title", "body", "files", "website"]
        )

    def full_clean(self) -> None:
        super().full_clean()  # ties a wrong field to its error; the file field keeps its help as well
        if "files" in self.errors:
            auto_id = self["files"].auto_id
            self.fields["files"].widget.attrs["aria-describedby"] = f"{auto_id}-help {auto_id}-err"

    def clean(self):
        cleaned = super().clean()
        if not self.errors.get("sender_email") and not self.errors.get("sender_phone"):
            if not cleaned.get("sender_email") and not cleaned.get("sender_phone"):
                self.add_error(
                    "sender_email",
                    forms.ValidationError(
                        _("Cần ít nhất thư điện tử hoặc số điện thoại để Ban Biên tập liên hệ lại."), code="contact"
                    ),
                )
        return cleaned


def board_members():
    return get_user_model().objects.filter(in_board(), is_active=True).distinct().order_by("username")


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do từ chối"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Từ chối phải nêu rõ lý do.")},
    )

    def clean_reason(self):
        reason = (self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise forms.ValidationError(_("Từ chối phải nêu rõ lý do."), code="required")
        return reason
