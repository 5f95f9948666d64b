"""Every new site's editorial board may handle questions, moderate comments and read the ratings; only
the groups of ``PUBLISHING_GROUPS`` (the deputy head and the head, steps 2 and 3 of the workflow)
publish an answer or a citizen's comment — a member of step 1 drafts and proposes. The board keeps the
site's list of units questions are forwarded to (``UNIT_PERMISSIONS``)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.dispatch import receiver

from core.editorial_board import BOARD_GROUPS, DEPUTY_GROUP, HEAD_GROUP
from tenants.signals import prepare_tenant_schema

BOARD_PERMISSIONS = {
    "question": ["add", "change", "view", "delete"],
    "consultationcomment": ["change", "view", "delete"],
    "siterating": ["view"],
}
UNIT_PERMISSIONS = {"processingunit": ["add", "change", "view", "delete"], "questionforwarding": ["view"]}
PUBLISHING_GROUPS = (DEPUTY_GROUP, HEAD_GROUP)
PUBLISH_PERMISSIONS = ("publish_question", "publish_consultationcomment")


def grant_publishing(group_model, permission_model) -> None:
    """The deputy head's and head's right to publish answers and comments (real or historical models)."""
    permissions = list(
        permission_model.objects.filter(content_type__app_label="participation", codename__in=PUBLISH_PERMISSIONS)
    )
    for group in group_model.objects.filter(name__in=PUBLISHING_GROUPS):
        group.permissions.add(*permissions)


def grant_units(group_model, permission_model) -> None:
    """The board's right to keep the list of units and to see the forwardings (real or historical models)."""
    codenames = [f"{action}_{model}" for model, actions in UNIT_PERMISSIONS.items() for action in actions]
    permissions = list(permission_model.objects.filter(content_type__app_label="participation", codename__in=codenames))
    for group in group_model.objects.filter(name__in=BOARD_GROUPS):
        group.permissions.add(*permissions)


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
    grant_publishing(Group, Permission)
    grant_units(Group, Permission)
