"""Receivers of the console: the audit log and the suspension reason from ``tenants.signals.tenant_changed``
(sent by every lifecycle service, whoever called it), and the register's figures after a publication."""

from __future__ import annotations

from django.db import connection, transaction
from django.dispatch import receiver
from django_tenants.utils import get_public_schema_name
from wagtail.signals import page_published, page_unpublished

from tenants.signals import tenant_changed
from tenants.tree import all_sites, is_template_schema, site_by_path

from .services import audit, figures
from .services.notes import keep_suspension_reason


@receiver(tenant_changed)
def lifecycle_changed(sender, action: str, path: str, before: dict, after: dict, **kwargs) -> None:
    audit.record(action, path, before, after, actor=kwargs.get("actor"))
    tenant = site_by_path(path) if action != "delete" else None
    if tenant is None:
        return
    if action in ("suspend", "resume"):
        keep_suspension_reason(tenant.pk, after.get("reason", "") if action == "suspend" else "")
    if action == "create":
        transaction.on_commit(lambda: figures.refresh_site(tenant, coverage=False))
    elif action in ("rename", "add_domain", "remove_domain", "set_primary_domain", "reparent"):
        figures.refresh_search_key(tenant)
        if action == "reparent":
            for below in all_sites().filter(path__startswith=tenant.path + "."):
                figures.refresh_search_key(below)


@receiver(page_published)
@receiver(page_unpublished)
def page_publication_changed(sender, instance, **kwargs) -> None:
    """Counts and last publication of the site follow after commit (coverage waits for the periodic task)."""
    schema = connection.schema_name
    if schema == get_public_schema_name() or is_template_schema(schema):
        return
    transaction.on_commit(lambda: figures.refresh_schema(schema))
