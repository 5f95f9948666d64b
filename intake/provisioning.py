"""The editorial board of every site handles the intake: the three board groups see the inbox, assign,
refuse and accept submissions (``intake.view/change_submission``) and download their files
(``intake.view_attachment``). New sites get them when provisioned; existing ones by migration 0002.
Nobody is given "add" or "delete": submissions come only from the public form and are kept."""

from __future__ import annotations

from django.apps import apps as django_apps
from django.dispatch import receiver

from core.editorial_board import BOARD_GROUPS
from tenants.signals import prepare_tenant_schema

BOARD_PERMISSIONS = {"submission": ["view", "change"], "attachment": ["view"]}


def grant_intake_permissions(apps, create_groups: bool = True) -> None:
    """Give the board groups of the current schema the intake permissions (twice changes nothing)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model, actions in BOARD_PERMISSIONS.items() for action in actions]
    permissions = list(Permission.objects.filter(content_type__app_label="intake", codename__in=codenames))
    for name in BOARD_GROUPS:
        group = Group.objects.get_or_create(name=name)[0] if create_groups else Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*permissions)


@receiver(prepare_tenant_schema)
def grant_board_permissions(schema_name: str, **_kwargs) -> None:
    grant_intake_permissions(django_apps)
