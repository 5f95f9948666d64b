"""What every site starts with: editorial groups, collaborators + 3-step workflow (template), home page
(with the default layout of blocks, ``sites.blocks.default_home_body``) + Site."""

from __future__ import annotations

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.dispatch import receiver
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from core.editorial_board import BOARD_GROUPS, DEPUTY_GROUP, EDITOR_GROUP, HEAD_GROUP
from tenants.signals import prepare_tenant_schema, primary_domain_changed, tenant_provisioned

from .blocks import default_home_body
from .models import HomePage, PortalSettings
from .reference import seed_reference_lists
from .services.board import ensure_collaborator_group, grant_board_permissions

# The editorial board's groups (core.editorial_board) and the 3 steps of D18: cập nhật → biên tập → duyệt.
WORKFLOW_NAME = "Quy trình 3 bước (cập nhật → biên tập → duyệt)"


@receiver(prepare_tenant_schema)
def create_editorial_board(schema_name: str, **_kwargs) -> None:
    # Wagtail's migrations leave a "Welcome" page, a localhost Site and a "Moderators approval"
    # workflow: not ours.
    Site.objects.all().delete()
    Workflow.objects.exclude(name=WORKFLOW_NAME).delete()
    Task.objects.exclude(workflow_tasks__workflow__name=WORKFLOW_NAME).delete()
    Page.objects.filter(depth__gt=1).delete()
    root = Page.get_first_root_node()
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    page_perms = {
        EDITOR_GROUP: ["add_page", "change_page"],
        DEPUTY_GROUP: ["add_page", "change_page"],
        HEAD_GROUP: ["add_page", "change_page", "publish_page", "delete_page", "lock_page", "unlock_page"],
    }
    with transaction.atomic():
        groups = {}
        for name in BOARD_GROUPS:
            group, _ = Group.objects.get_or_create(name=name)
            group.permissions.add(access_admin)
            for codename in page_perms[name]:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root,
                    permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
                )
            groups[name] = group
        grant_board_permissions(django_apps)  # images and documents per collection, lockouts
        ensure_collaborator_group(django_apps)  # cộng tác viên: drafts and uploads, never publishes
        workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
        if created:
            for order, (task_name, group_name) in enumerate(
                [("Biên tập (Phó trưởng ban)", DEPUTY_GROUP), ("Duyệt (Trưởng ban)", HEAD_GROUP)], start=1
            ):
                task = GroupApprovalTask.objects.create(name=task_name)
                task.groups.set([groups[group_name]])
                WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


@receiver(prepare_tenant_schema)
def create_reference_lists(schema_name: str, **_kwargs) -> None:
    seed_reference_lists()
    _grant_content_permissions()


# Editable lists and dossier statistics: every board member maintains them, the head may delete;
# the portal settings (contacts of the board, D10) belong to the head.
CONTENT_MODELS = [
    "documenttype",
    "issuingbody",
    "sector",
    "newscategory",
    "governmentlink",
    "dossierstatistics",
    "gazetteissue",
]


def _grant_content_permissions() -> None:
    for name in BOARD_GROUPS:
        group = Group.objects.get(name=name)
        actions = ["add", "change", "view", "delete"] if name == HEAD_GROUP else ["add", "change", "view"]
        codenames = [f"{action}_{model}" for model in CONTENT_MODELS for action in actions]
        if name == HEAD_GROUP:
            codenames.append("change_portalsettings")
        group.permissions.add(*Permission.objects.filter(content_type__app_label="portal", codename__in=codenames))


@receiver(tenant_provisioned)
def create_home_page_and_site(tenant, hostname: str, **_kwargs) -> None:
    root = Page.get_first_root_node()
    locale = Locale.get_default()
    home = HomePage(title=tenant.name, slug="trang-chu", locale=locale, live=True, body=default_home_body())
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.filter(is_default_site=True).update(is_default_site=False)
    site = Site.objects.create(
        hostname=hostname, port=settings.TENANT_SITE_PORT, root_page=home, is_default_site=True, site_name=tenant.name
    )
    PortalSettings.objects.get_or_create(site=site, defaults={"editorial_board": f"Ban Biên tập {tenant.name}"})


@receiver(primary_domain_changed)
def follow_primary_domain(tenant, hostname: str, **_kwargs) -> None:
    """The Wagtail Site hostname equals the tenant's primary domain (preview depends on it)."""
    Site.objects.filter(is_default_site=True).update(hostname=hostname)
