"""The board's members as the head (Trưởng ban) manages them: a proxy of the site's user accounts that
carries the one permission of the "Thành viên Ban Biên tập" screen (no table, no other permission —
Wagtail's Users admin, ``auth.change_user``, stays with the superusers)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

MANAGE_PERMISSION = "manage_board_members"


class BoardMember(User):
    class Meta:
        proxy = True
        default_permissions = ()
        permissions = [(MANAGE_PERMISSION, "Quản lý thành viên Ban Biên tập")]
        verbose_name = _("thành viên Ban Biên tập")
        verbose_name_plural = _("thành viên Ban Biên tập")
