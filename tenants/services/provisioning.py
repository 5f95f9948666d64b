"""Provisioning: validate a new site, build its schema, register its domain, let apps set it up.

One service for the ``manage.py tenants add`` command, the province-IT console and the demo loader.
Failed provisioning leaves nothing behind: no schema, no tenant row, no domain.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django_tenants.utils import schema_context, schema_exists, tenant_context

from core.text import nfc

from ..models import SLUG_RE, Domain, Tenant, validate_hostname
from ..signals import changed, tenant_provisioned
from . import schema_builder
from .errors import TenantError
from .naming import default_hostname, schema_name_for, tree_path
from .restructure import refuse_merged_parent

log = logging.getLogger(__name__)


@dataclass
class TenantSpec:
    name: str
    slug: str
    kind: str
    parent_path: str | None = None
    name_en: str = ""
    hostname: str | None = None
    admin_username: str | None = None
    admin_password: str | None = None
    admin_email: str = ""


@dataclass
class ValidatedSpec:
    spec: TenantSpec
    parent: Tenant | None
    path: str
    schema_name: str
    hostname: str


def validate_spec(spec: TenantSpec) -> ValidatedSpec:
    """Check a new tenant against the tree rules; raise TenantError with a bilingual message."""
    spec.name = nfc(spec.name).strip()
    spec.name_en = nfc(spec.name_en).strip()
    spec.slug = (spec.slug or "").strip().lower()
    if not spec.name:
        raise TenantError("Tên đơn vị là bắt buộc (name is required).")
    if not SLUG_RE.match(spec.slug):
        raise TenantError(
            f"Mã ngắn “{spec.slug}” không hợp lệ: chữ thường không dấu và số, bắt đầu bằng chữ, tối đa 40 ký tự "
            "(invalid slug: lowercase ASCII letters and digits, starting with a letter)."
        )
    allowed = settings.TENANT_ALLOWED_PARENTS
    if spec.kind not in allowed:
        raise TenantError(f"Cấp “{spec.kind}” không tồn tại (unknown kind); chọn một trong: {', '.join(allowed)}.")
    parent = None
    with schema_context("public"):
        if spec.parent_path:
            parent = Tenant.objects.filter(path=spec.parent_path).first()
            if parent is None:
                raise TenantError(f"Không tìm thấy đơn vị cha “{spec.parent_path}” (parent not found).")
            refuse_merged_parent(parent)
        if allowed[spec.kind] and parent is None:
            raise TenantError(
                f"Đơn vị cấp {spec.kind} phải có đơn vị cha thuộc cấp: {', '.join(allowed[spec.kind])} "
                f"(a {spec.kind} needs a parent)."
            )
        if parent is not None and parent.kind not in allowed[spec.kind]:
            raise TenantError(
                f"Đơn vị cấp {spec.kind} không thể thuộc đơn vị cấp {parent.kind} "
                f"(a {spec.kind} cannot sit under a {parent.kind}; allowed: {', '.join(allowed[spec.kind]) or 'none'})."
            )
        path = tree_path(spec.slug, parent)
        if Tenant.objects.filter(path=path).exists():
            raise TenantError(f"Mã ngắn “{spec.slug}” đã được dùng tại “{path}” (duplicate slug).")
        schema_name = schema_name_for(path)
        if Tenant.objects.filter(schema_name=schema_name).exists() or schema_exists(schema_name):
            raise TenantError(f"Schema “{schema_name}” đã tồn tại (schema already exists).")
        hostname = (spec.hostname or default_hostname(spec.kind, path)).strip().lower()
        try:
            validate_hostname(hostname)
        except ValidationError as exc:
            raise TenantError(exc.messages[0]) from exc
        if Domain.objects.filter(domain=hostname).exists() or hostname == settings.PLATFORM_HOST:
            raise TenantError(f"Tên miền “{hostname}” đã được dùng (duplicate domain).")
    return ValidatedSpec(spec, parent, path, schema_name, hostname)


def provision_tenant(spec: TenantSpec, method: str | None = None) -> Tenant:
    """Create a site: schema (cloned from the template by default), tenant row, primary domain,
    then the ``tenant_provisioned`` hook (home page, Wagtail Site, …) and the first admin account.

    With the clone method everything happens in one database transaction, so a failure at any
    step rolls back the schema too. The migrate method (baseline for benchmarks) drops the schema
    on failure.
    """
    checked = validate_spec(spec)
    method = method or schema_builder.DEFAULT_METHOD
    with schema_context("public"):
        if method == "clone":
            with transaction.atomic():
                schema_builder.clone_template(checked.schema_name)
                tenant = _register_and_set_up(checked)
            schema_builder.release_backend()
            return tenant
        schema_builder.migrate_new_schema(checked.schema_name)
        try:
            with transaction.atomic():
                return _register_and_set_up(checked)
        except BaseException:
            schema_builder.drop_schema(checked.schema_name)
            raise


def _register_and_set_up(checked: ValidatedSpec) -> Tenant:
    spec = checked.spec
    tenant = Tenant(
        schema_name=checked.schema_name,
        name=spec.name,
        name_en=spec.name_en,
        slug=spec.slug,
        kind=spec.kind,
        parent=checked.parent,
        path=checked.path,
    )
    tenant.save()
    Domain.objects.create(domain=checked.hostname, tenant=tenant, is_primary=True)
    with tenant_context(tenant):
        admin = _create_admin(spec) if spec.admin_username else None
        tenant_provisioned.send(sender=Tenant, tenant=tenant, hostname=checked.hostname, admin=admin)
    connection.set_schema_to_public()
    after = {"name": spec.name, "name_en": spec.name_en, "kind": spec.kind, "domain": checked.hostname}
    changed("create", checked.path, {}, {**after, "admin": spec.admin_username or ""})
    return tenant


def _create_admin(spec: TenantSpec):
    user_model = get_user_model()
    return user_model.objects.create_superuser(
        username=spec.admin_username, email=spec.admin_email, password=spec.admin_password
    )
