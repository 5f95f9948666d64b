"""Forms of the console's actions: input shape only; the rules are the tenants and console services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.editorial_board import SITE_ROLES
from tenants.models import Tenant

SITE_KINDS = [(value, label) for value, label in Tenant.Kind.choices if value != Tenant.Kind.PLATFORM]


class CreateForm(forms.Form):
    name = forms.CharField(label=_("Tên (tiếng Việt)"), max_length=200)
    name_en = forms.CharField(label=_("Tên (tiếng Anh)"), max_length=200, required=False)
    slug = forms.CharField(label=_("Mã ngắn (a–z, 0–9)"), max_length=40)
    kind = forms.ChoiceField(label=_("Cấp"), choices=SITE_KINDS)
    parent = forms.CharField(label=_("Đơn vị cha (đường dẫn cây, ví dụ phutho)"), max_length=255, required=False)
    hostname = forms.CharField(label=_("Tên miền chính (để trống: theo quy định)"), max_length=253, required=False)
    admin_username = forms.CharField(label=_("Tài khoản quản trị đầu tiên"), max_length=150)
    admin_password = forms.CharField(
        label=_("Mật khẩu của tài khoản đó"), widget=forms.PasswordInput(render_value=True)
    )
    admin_email = forms.EmailField(label=_("Thư điện tử"), required=False)


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Tên (tiếng Việt)"), max_length=200)
    name_en = forms.CharField(label=_("Tên (tiếng Anh)"), max_length=200, required=False)


class AddDomainForm(forms.Form):
    hostname = forms.CharField(label=_("Tên miền"), max_length=253)
    primary = forms.BooleanField(label=_("Đặt làm tên miền chính"), required=False)


class DomainForm(forms.Form):
    hostname = forms.CharField(label=_("Tên miền"), max_length=253)


class EmcForm(forms.Form):
    code = forms.CharField(label=_("Mã EMC (để trống để xoá)"), max_length=200, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do (hiện trên trang tạm dừng)"), max_length=500)


class MoveForm(forms.Form):
    parent = forms.CharField(
        label=_("Đơn vị cha mới (đường dẫn cây; để trống: cấp cao nhất)"), max_length=255, required=False
    )


class CloseForm(forms.Form):
    successor = forms.CharField(label=_("Đơn vị kế thừa (đường dẫn cây, ví dụ phutho)"), max_length=255)


class ConfirmOnlyForm(forms.Form):
    pass


class AccountCreateForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=300, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    role = forms.ChoiceField(label=_("Vai trò"), choices=[(g, g) for g in SITE_ROLES])
    password = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput(render_value=True))


class PasswordForm(forms.Form):
    password = forms.CharField(label=_("Mật khẩu mới"), widget=forms.PasswordInput(render_value=True))


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=[(g, g) for g in SITE_ROLES])


def _paths(text: str) -> list[str]:
    """Paths given one a line (or separated by commas or spaces), in order, blanks dropped."""
    return [part for part in text.replace(",", " ").split() if part]


class MergeForm(forms.Form):
    """The arguments of ``restructuring.plan.plan_merge``: the sources, then an existing target or a new
    commune, and for a partial merge the pages of the one source that move."""

    sources = forms.CharField(
        label=_("Các đơn vị nguồn (đường dẫn cây, mỗi dòng một đơn vị, ví dụ phutho.sonhung)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    into = forms.CharField(
        label=_("Đơn vị đích có sẵn (đường dẫn cây; để trống nếu tạo đơn vị mới)"), max_length=255, required=False
    )
    new_slug = forms.CharField(label=_("Đơn vị mới: mã ngắn (a–z, 0–9)"), max_length=40, required=False)
    new_name = forms.CharField(label=_("Đơn vị mới: tên (tiếng Việt)"), max_length=200, required=False)
    new_name_en = forms.CharField(label=_("Đơn vị mới: tên (tiếng Anh)"), max_length=200, required=False)
    new_parent = forms.CharField(
        label=_("Đơn vị mới: đơn vị cha (đường dẫn cây; để trống: đơn vị cha của nguồn đầu tiên)"),
        max_length=255,
        required=False,
    )
    pages = forms.CharField(
        label=_("Sáp nhập một phần: các trang của đơn vị nguồn được chuyển (mỗi dòng một địa chỉ, ví dụ /tin-tuc/)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def clean(self):
        data = super().clean()
        data["source_paths"] = _paths(data.get("sources", ""))
        data["page_paths"] = _paths(data.get("pages", "")) or None
        return data
