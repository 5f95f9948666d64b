"""Login lockouts of every site, for province IT on the console: each site's attempts are read and
lifted in that site's own schema (the platform's console accounts in ``public``)."""

from __future__ import annotations

from django_tenants.utils import schema_context

from logins.lockout import current_attempts, unlock

from ..models import Tenant


def lockouts_across_sites() -> list[dict]:
    """Counted failed sign-ins of every site (the console first), locked ones marked."""
    with schema_context("public"):
        tenants = list(Tenant.objects.only("name", "schema_name", "kind", "path"))
    tenants.sort(key=lambda tenant: (tenant.kind != Tenant.Kind.PLATFORM, tenant.path))
    rows = []
    for tenant in tenants:
        with schema_context(tenant.schema_name):
            attempts = current_attempts()
        rows += [{"site": tenant.name, "schema": tenant.schema_name, "attempt": attempt} for attempt in attempts]
    return rows


def unlock_in_site(schema_name: str, attempt_id: int) -> int:
    """Lift a lockout in the site whose schema is ``schema_name``; 0 when there is no such site or attempt."""
    with schema_context("public"):
        if not Tenant.objects.filter(schema_name=schema_name).exists():
            return 0
    with schema_context(schema_name):
        return unlock(attempt_id)
