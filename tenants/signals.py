"""Hooks through which other apps join a tenant's life without tenants/ importing them.

* ``prepare_tenant_schema`` — sent inside a freshly migrated schema (the clone template, or a
  tenant built by migration) so apps can add data every site starts with (locales, groups,
  workflow). Receivers get ``schema_name``.
* ``tenant_provisioned`` — sent inside the new tenant's schema once its domain exists; receivers
  get ``tenant``, ``hostname`` and ``admin`` (the first account, or None) and create what is
  specific to the site (home page, Wagtail Site).
"""

from django.dispatch import Signal

prepare_tenant_schema = Signal()
tenant_provisioned = Signal()
tenant_status_changed = Signal()
primary_domain_changed = Signal()  # sent inside the tenant schema with tenant, hostname
