"""Reading the tenant tree: rows for the console and the `tenants list` command; status changes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django_tenants.utils import schema_context

from core.siteurl import site_url
from core.text import nfc

from ..models import Domain, Tenant
from ..signals import changed, tenant_status_changed
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
        tenants = list(all_sites().order_by("path"))
        hosts: dict[int, list[str]] = {}
        for domain in Domain.objects.order_by("-is_primary", "domain"):
            hosts.setdefault(domain.tenant_id, []).append(domain.domain)
    return [TreeRow(t, t.path.count("."), hosts.get(t.pk, [])) for t in tenants]


def register_records() -> list[dict]:
    """Every site as plain data (``manage.py tenants list --format json``): the machine-readable register."""
    with schema_context("public"):
        tenants = list(all_sites().select_related("parent").order_by("path"))
        hosts: dict[int, list[tuple[str, bool]]] = {}
        for domain, tenant_id, primary in Domain.objects.order_by("-is_primary", "domain").values_list(
            "domain", "tenant_id", "is_primary"
        ):
            hosts.setdefault(tenant_id, []).append((domain, primary))
    records = []
    for tenant in tenants:
        successor = getattr(tenant, "successor", None)  # set once merges exist (status "merged")
        domains = hosts.get(tenant.pk, [])
        records.append(
            {
                "path": tenant.path,
                "kind": tenant.kind,
                "status": tenant.status,
                "name": tenant.name,
                "name_en": tenant.name_en,
                "primary_domain": next((d for d, primary in domains if primary), None),
                "domains": [d for d, _primary in domains],
                "parent": tenant.parent.path if tenant.parent_id else None,
                "successor": successor.path if successor is not None else None,
                "emc_code": tenant.emc_code,
            }
        )
    return records


def get_tenant(path: str) -> Tenant:
    with schema_context("public"):
        tenant = all_sites().filter(path=path).first()
    if tenant is None:
        raise TenantError(f"Không tìm thấy đơn vị “{path}” (tenant not found).")
    return tenant


STATUS_ACTIONS = {"active": "resume", "suspended": "suspend", "archived": "archive"}


def set_status(path: str, status: str, reason: str = "") -> Tenant:
    """Suspend, resume or archive a site. ``reason`` (shown on the site's 503 page by whoever keeps it,
    the console) travels in the ``tenant_changed`` signal."""
    if status not in STATUS_ACTIONS:
        raise TenantError(f"Trạng thái “{status}” không hợp lệ (invalid status).")
    reason = nfc(reason or "").strip()
    tenant = get_tenant(path)
    if tenant.status == status:
        raise TenantError(
            f"Đơn vị “{path}” đã ở trạng thái “{tenant.get_status_display()}” (the site already has this status)."
        )
    with schema_context("public"), transaction.atomic():
        old = tenant.status
        tenant.status = status
        tenant.save(update_fields=["status", "updated_at"])
        tenant_status_changed.send(sender=Tenant, tenant=tenant, old=old, new=status)
        changed(STATUS_ACTIONS[status], path, {"status": old}, {"status": status, "reason": reason})
    return tenant


def rename(path: str, name: str, name_en: str) -> Tenant:
    """Change the Vietnamese and English names of a site."""
    name, name_en = nfc(name or "").strip(), nfc(name_en or "").strip()
    if not name:
        raise TenantError("Tên đơn vị là bắt buộc (name is required).")
    limit = Tenant._meta.get_field("name").max_length
    if len(name) > limit or len(name_en) > limit:
        raise TenantError(f"Tên dài tối đa {limit} ký tự (names are at most {limit} characters).")
    tenant = get_tenant(path)
    with schema_context("public"), transaction.atomic():
        before = {"name": tenant.name, "name_en": tenant.name_en}
        tenant.name, tenant.name_en = name, name_en
        tenant.save(update_fields=["name", "name_en", "updated_at"])
        changed("rename", path, before, {"name": name, "name_en": name_en})
    return tenant


def set_emc_code(path: str, code: str) -> Tenant:
    """Set (or clear, with "") the site's monitoring code of the national EMC system (D27): a plain
    code or the snippet the EMC system gives; rendered sanitised on every page of the site."""
    code = (code or "").strip()
    limit = Tenant._meta.get_field("emc_code").max_length
    if len(code) > limit:
        raise TenantError(f"Mã EMC dài tối đa {limit} ký tự (the EMC code is at most {limit} characters).")
    tenant = get_tenant(path)
    with schema_context("public"), transaction.atomic():
        before = {"emc_code": tenant.emc_code}
        tenant.emc_code = code
        tenant.save(update_fields=["emc_code", "updated_at"])
        changed("set_emc", path, before, {"emc_code": code})
    return tenant
