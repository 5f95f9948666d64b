"""Every new site's editorial board may handle questions, moderate comments and read the ratings."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.dispatch import receiver

from core.editorial_board import BOARD_GROUPS
from tenants.signals import prepare_tenant_schema

BOARD_PERMISSIONS = {
    "question": ["add", "change", "view", "delete"],
    "consultationcomment": ["change", "view", "delete"],
    "siterating": ["view"],
}


@receiver(prepare_tenant_schema)
def grant_board_permissions(schema_name: str, **_kwargs) -> None:
    permissions = [
        Permission.objects.get(content_type__app_label="participation", codename=f"{action}_{model}")
        for model, actions in BOARD_PERMISSIONS.items()
        for action in actions
    ]
    for name in BOARD_GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)
