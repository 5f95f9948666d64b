"""Reading the tenant tree: rows for the console and the `tenants list` command; status changes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django_tenants.utils import schema_context

from core.siteurl import site_url

from ..models import Domain, Tenant
from ..signals import tenant_status_changed
from ..tree import all_sites
from .errors import TenantError


@dataclass
class TreeRow:
    tenant: Tenant
    depth: int
    hostnames: list[str]

    @property
    def url(self) -> str:
        return site_url(self.hostnames[0] if self.hostnames else "")


def tenant_tree_rows() -> list[TreeRow]:
    with schema_context("public"):
        tenants = list(all_sites().select_related("successor").order_by("path"))
        hosts: dict[int, list[str]] = {}
        for domain in Domain.objects.order_by("-is_primary", "domain"):
            hosts.setdefault(domain.tenant_id, []).append(domain.domain)
    return [TreeRow(t, t.path.count("."), hosts.get(t.pk, [])) for t in tenants]


def get_tenant(path: str) -> Tenant:
    with schema_context("public"):
        tenant = all_sites().filter(path=path).first()
    if tenant is None:
        raise TenantError(f"Không tìm thấy đơn vị “{path}” (tenant not found).")
    return tenant


def set_status(path: str, status: str) -> Tenant:
    if status not in Tenant.Status.values:
        raise TenantError(f"Trạng thái “{status}” không hợp lệ (invalid status).")
    if status == Tenant.Status.MERGED:
        raise TenantError("Chỉ việc sáp nhập mới đặt trạng thái “Đã sáp nhập” (only a merge sets the merged status).")
    tenant = get_tenant(path)
    if tenant.status == Tenant.Status.MERGED:
        raise TenantError(
            f"“{tenant.name}” đã được sáp nhập; địa chỉ của nó chuyển hướng tới đơn vị kế thừa "
            "(a merged site keeps redirecting to its successor; its status cannot change)."
        )
    with schema_context("public"), transaction.atomic():
        old = tenant.status
        tenant.status = status
        tenant.save(update_fields=["status", "updated_at"])
        tenant_status_changed.send(sender=Tenant, tenant=tenant, old=old, new=status)
    return tenant


def set_emc_code(path: str, code: str) -> Tenant:
    """Set (or clear, with "") the site's monitoring code of the national EMC system (D27): a plain
    code or the snippet the EMC system gives; rendered sanitised on every page of the site."""
    code = (code or "").strip()
    limit = Tenant._meta.get_field("emc_code").max_length
    if len(code) > limit:
        raise TenantError(f"Mã EMC dài tối đa {limit} ký tự (the EMC code is at most {limit} characters).")
    tenant = get_tenant(path)
    with schema_context("public"):
        tenant.emc_code = code
        tenant.save(update_fields=["emc_code", "updated_at"])
    return tenant
