"""The admin's menu entries that only some accounts see: a Wagtail ``MenuItem`` shown when the account
holds one permission (the head's members screen, the lockouts list, the rating report…), written once."""

from __future__ import annotations

from wagtail.admin.menu import MenuItem


class PermissionMenuItem(MenuItem):
    """A menu entry shown only to accounts with ``permission`` (``"app_label.codename"``)."""

    def __init__(self, label, url, permission: str, **kwargs) -> None:
        super().__init__(label, url, **kwargs)
        self.permission = permission

    def is_shown(self, request) -> bool:
        return request.user.has_perm(self.permission) and super().is_shown(request)
