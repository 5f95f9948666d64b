"""Adding, removing and promoting hostnames of a tenant, and the platform's own host."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django_tenants.utils import schema_context, tenant_context

from ..models import Domain, Tenant, validate_hostname
from ..signals import changed, primary_domain_changed
from .errors import TenantError
from .registry import get_tenant


def _checked_hostname(hostname: str) -> str:
    hostname = (hostname or "").strip().lower()
    try:
        validate_hostname(hostname)
    except ValidationError as exc:
        raise TenantError(exc.messages[0]) from exc
    return hostname


def add_domain(path: str, hostname: str, primary: bool = False) -> Domain:
    tenant = get_tenant(path)
    hostname = _checked_hostname(hostname)
    with schema_context("public"), transaction.atomic():
        if Domain.objects.filter(domain=hostname).exists() or hostname == settings.PLATFORM_HOST:
            raise TenantError(f"Tên miền “{hostname}” đã được dùng (duplicate domain).")
        domain = Domain.objects.create(domain=hostname, tenant=tenant, is_primary=False)
        if primary:
            _promote(tenant, domain)
        changed("add_domain", path, {}, {"domain": hostname, "primary": primary})
    return domain


def _promote(tenant: Tenant, domain: Domain) -> None:
    """``domain`` becomes the tenant's only primary hostname; the site's apps follow (Wagtail Site)."""
    Domain.objects.filter(tenant=tenant, is_primary=True).update(is_primary=False)
    domain.is_primary = True
    domain.save(update_fields=["is_primary"])
    with tenant_context(tenant):
        primary_domain_changed.send(sender=Tenant, tenant=tenant, hostname=domain.domain)


def _own_domain(tenant: Tenant, hostname: str) -> Domain:
    domain = Domain.objects.filter(domain=hostname, tenant=tenant).first()
    if domain is None:
        raise TenantError(f"Đơn vị “{tenant.path}” không có tên miền “{hostname}” (no such domain).")
    return domain


def set_primary_domain(path: str, hostname: str) -> Domain:
    """Make one of the site's hostnames its primary one (also its Wagtail Site hostname)."""
    tenant = get_tenant(path)
    hostname = (hostname or "").strip().lower()
    with schema_context("public"), transaction.atomic():
        domain = _own_domain(tenant, hostname)
        if domain.is_primary:
            raise TenantError(f"“{hostname}” đã là tên miền chính (it is already the primary domain).")
        before = Domain.objects.filter(tenant=tenant, is_primary=True).values_list("domain", flat=True).first()
        _promote(tenant, domain)
        changed("set_primary_domain", path, {"primary": before}, {"primary": hostname})
    return domain


def remove_domain(path: str, hostname: str) -> None:
    tenant = get_tenant(path)
    hostname = (hostname or "").strip().lower()
    with schema_context("public"), transaction.atomic():
        domain = _own_domain(tenant, hostname)
        if domain.is_primary:
            raise TenantError(
                f"“{hostname}” là tên miền chính; hãy đặt tên miền chính khác trước "
                "(it is the primary domain: promote another one first)."
            )
        domain.delete()
        changed("remove_domain", path, {"domain": hostname}, {})


def ensure_platform_tenant() -> Tenant:
    """The public schema's own row, answering PLATFORM_HOST (the province-IT console)."""
    with schema_context("public"), transaction.atomic():
        tenant, _ = Tenant.objects.get_or_create(
            schema_name="public",
            defaults={
                "name": "Nền tảng Cổng TTĐT",
                "name_en": "Portal platform",
                "slug": "platform",
                "kind": Tenant.Kind.PLATFORM,
                "path": "_platform",
            },
        )
        Domain.objects.filter(tenant=tenant).exclude(domain=settings.PLATFORM_HOST).delete()
        Domain.objects.get_or_create(domain=settings.PLATFORM_HOST, defaults={"tenant": tenant, "is_primary": True})
    return tenant
