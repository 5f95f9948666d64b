"""Hooks through which other apps join a tenant's life without tenants/ importing them.

* ``prepare_tenant_schema`` — sent inside a freshly migrated schema (the clone template, or a
  tenant built by migration) so apps can add data every site starts with (locales, groups,
  workflow). Receivers get ``schema_name``.
* ``tenant_provisioned`` — sent inside the new tenant's schema once its domain exists; receivers
  get ``tenant``, ``hostname`` and ``admin`` (the first account, or None) and create what is
  specific to the site (home page, Wagtail Site).
* ``tenant_changed`` — sent by every lifecycle service (create, rename, domains, EMC code, status,
  re-parent, export, delete) inside the transaction of the change, with ``action``, ``path``,
  ``before`` and ``after`` (JSON-ready dicts) — whoever calls the service (``manage.py tenants`` or the
  console). The console records it in its audit log, so both paths are logged by one receiver.
* ``tenant_moved`` — sent inside the re-parent transaction with ``old_path`` and ``new_path`` of the
  subtree's root; apps that store tree paths (search's aggregate) follow.
* ``tenant_restored`` — sent after a backup was restored into a site (its schema and media committed),
  outside any transaction, with ``tenant``; apps that keep data derived from the schema elsewhere (search:
  the site's own index and its province-wide entries) rebuild it.
"""

from django.dispatch import Signal

prepare_tenant_schema = Signal()
tenant_provisioned = Signal()
tenant_status_changed = Signal()
primary_domain_changed = Signal()  # sent inside the tenant schema with tenant, hostname
tenant_changed = Signal()  # action, path, before, after
tenant_moved = Signal()  # old_path, new_path
tenant_restored = Signal()  # tenant


def changed(
    action: str, path: str, before: dict | None = None, after: dict | None = None, actor: str | None = None
) -> None:
    """Announce one lifecycle change (see ``tenant_changed``); ``actor`` names who asked for it when the
    change runs away from them (a background job), else receivers know it from their own context."""
    tenant_changed.send(sender=None, action=action, path=path, before=before or {}, after=after or {}, actor=actor)
