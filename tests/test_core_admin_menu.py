"""The one permission-gated admin menu entry (``core.admin_menu.PermissionMenuItem``): shown to an
account holding the permission, hidden otherwise — the members screen, the lockouts list and the
rating report use it (their screens' tests sign in as the real roles)."""

from __future__ import annotations

from types import SimpleNamespace

from core.admin_menu import PermissionMenuItem


def request_of(*permissions: str):
    return SimpleNamespace(user=SimpleNamespace(has_perm=lambda permission: permission in permissions))


def test_shown_only_with_the_permission():
    item = PermissionMenuItem("Khoá đăng nhập", "/admin/khoa-dang-nhap/", "axes.view_accessattempt", name="x")
    assert item.is_shown(request_of("axes.view_accessattempt"))
    assert not item.is_shown(request_of())
    assert not item.is_shown(request_of("participation.view_siterating"))
    assert (item.label, item.url, item.name) == ("Khoá đăng nhập", "/admin/khoa-dang-nhap/", "x")
