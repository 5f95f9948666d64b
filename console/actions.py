"""The lifecycle actions of a site as data: the form each asks, what its confirmation page says and the
``tenants.services`` function it runs — the very functions ``manage.py tenants …`` calls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.services import domains, registry, restructure, retirement

from . import forms as console_forms


@dataclass(frozen=True)
class SiteAction:
    title: str
    form: type[forms.Form]
    run: Callable[[str, dict], object]
    done: str  # success message
    danger: bool = False


ACTIONS: dict[str, SiteAction] = {
    "doi-ten": SiteAction(
        _("Đổi tên"),
        console_forms.RenameForm,
        lambda p, d: registry.rename(p, d["name"], d["name_en"]),
        _("Đã đổi tên."),
    ),
    "them-ten-mien": SiteAction(
        _("Thêm tên miền"),
        console_forms.AddDomainForm,
        lambda p, d: domains.add_domain(p, d["hostname"], primary=d["primary"]),
        _("Đã thêm tên miền."),
    ),
    "go-ten-mien": SiteAction(
        _("Gỡ tên miền"),
        console_forms.DomainForm,
        lambda p, d: domains.remove_domain(p, d["hostname"]),
        _("Đã gỡ tên miền."),
        danger=True,
    ),
    "ten-mien-chinh": SiteAction(
        _("Chọn tên miền chính"),
        console_forms.DomainForm,
        lambda p, d: domains.set_primary_domain(p, d["hostname"]),
        _("Đã đổi tên miền chính."),
    ),
    "ma-emc": SiteAction(
        _("Đặt mã EMC"), console_forms.EmcForm, lambda p, d: registry.set_emc_code(p, d["code"]), _("Đã lưu mã EMC.")
    ),
    "tam-dung": SiteAction(
        _("Tạm dừng"),
        console_forms.ReasonForm,
        lambda p, d: registry.set_status(p, "suspended", reason=d["reason"]),
        _("Đã tạm dừng đơn vị."),
        danger=True,
    ),
    "hoat-dong-lai": SiteAction(
        _("Hoạt động lại"),
        console_forms.ConfirmOnlyForm,
        lambda p, d: registry.set_status(p, "active"),
        _("Đơn vị đã hoạt động lại."),
    ),
    "luu-tru": SiteAction(
        _("Lưu trữ"),
        console_forms.ConfirmOnlyForm,
        lambda p, d: registry.set_status(p, "archived"),
        _("Đã lưu trữ đơn vị."),
        danger=True,
    ),
    "chuyen": SiteAction(
        _("Chuyển sang đơn vị cha khác"),
        console_forms.MoveForm,
        lambda p, d: restructure.move_tenant(p, d["parent"]),
        _("Đã chuyển đơn vị và các đơn vị cấp dưới."),
        danger=True,
    ),
    "ket-thuc": SiteAction(
        _("Kết thúc hoạt động, chuyển hướng về đơn vị kế thừa"),
        console_forms.CloseForm,
        lambda p, d: restructure.close_into(p, d["successor"]),
        _("Đơn vị đã kết thúc hoạt động; mọi địa chỉ của nó chuyển hướng về đơn vị kế thừa."),
        danger=True,
    ),
    "xuat-du-lieu": SiteAction(
        _("Xuất dữ liệu"),
        console_forms.ConfirmOnlyForm,
        lambda p, d: retirement.export_tenant(p),
        _("Đã xuất dữ liệu."),
    ),
    "xoa": SiteAction(
        _("Xoá vĩnh viễn"),
        console_forms.ConfirmOnlyForm,
        lambda p, d: retirement.delete_tenant(p),
        _("Đã xoá đơn vị."),
        danger=True,
    ),
}
