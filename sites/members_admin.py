"""The admin screen "Thành viên Ban Biên tập": the head's (Trưởng ban) door to the board's accounts.
Thin forms and views over ``sites.services.members`` (the rules and the guard rails live there); only
whoever holds ``portal.manage_board_members`` reaches them."""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .services import members as service


def _role_choices():
    return [(role, role) for role in service.available_roles()]


class AddMemberForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=300, required=False)
    email = forms.EmailField(label=gettext_lazy("Thư điện tử"), required=False)
    password = forms.CharField(label=gettext_lazy("Mật khẩu ban đầu"), widget=forms.PasswordInput)
    role = forms.ChoiceField(label=gettext_lazy("Vai trò"), choices=_role_choices)


class RoleForm(forms.Form):
    # Free text on purpose: the service, not the widget, decides which roles exist (a crafted post is refused).
    role = forms.CharField(label=gettext_lazy("Vai trò"), max_length=150)


def _manager_only(view):
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.has_perm(service.PERMISSION):  # a plain 403, not Wagtail's redirect home
            return render(request, "sites/admin/board_members_forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def _member(pk: int):
    return get_object_or_404(get_user_model(), pk=pk)


def _done(request: HttpRequest, call, success: str) -> None:
    try:
        call()
    except service.MemberError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)


@_manager_only
def index(request: HttpRequest) -> HttpResponse:
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.add_member(
                request.user, data["username"], data["full_name"], data["email"], data["password"], data["role"]
            )
        except service.MemberError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã thêm thành viên %(username)s.") % {"username": data["username"]})
            return redirect("portal_members")
    return render(
        request,
        "sites/admin/board_members.html",
        {
            "members": service.members(),
            "roles": service.available_roles(),
            "sections": service.sections(),
            "section_roles": service.SECTION_ROLES,
            "form": form,
            "me": request.user.pk,
        },
        status=400 if form.errors else 200,
    )


@require_POST
@_manager_only
def set_role(request: HttpRequest, pk: int) -> HttpResponse:
    form = RoleForm(request.POST)
    role = form.cleaned_data["role"] if form.is_valid() else ""
    member = _member(pk)
    _done(request, lambda: service.set_role(request.user, member, role), _("Đã đổi vai trò."))
    return redirect("portal_members")


@require_POST
@_manager_only
def set_active(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(pk)
    active = request.POST.get("active") == "1"
    message = _("Đã mở lại tài khoản.") if active else _("Đã khoá tài khoản.")
    _done(request, lambda: service.set_active(request.user, member, active), message)
    return redirect("portal_members")


@require_POST
@_manager_only
def assign_sections(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(pk)
    try:
        ids = [int(value) for value in request.POST.getlist("sections")]
    except ValueError:
        ids = [0]  # not a page id: refused by the service
    _done(request, lambda: service.assign_sections(request.user, member, ids), _("Đã giao chuyên mục."))
    return redirect("portal_members")
