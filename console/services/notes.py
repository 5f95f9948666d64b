"""Notes the console keeps on a site: the reason it was suspended, shown on its 503 page
(``TENANT_SUSPENSION_REASON`` names :func:`suspension_reason` for tenants' routing middleware)."""

from __future__ import annotations

from django_tenants.utils import schema_context

from ..models import SiteNote


def suspension_reason(tenant) -> str:
    with schema_context("public"):
        return SiteNote.objects.filter(tenant_id=tenant.pk).values_list("suspension_reason", flat=True).first() or ""


def keep_suspension_reason(tenant_id: int, reason: str) -> None:
    with schema_context("public"):
        SiteNote.objects.update_or_create(tenant_id=tenant_id, defaults={"suspension_reason": reason[:500]})
