"""Re-parenting: move a site and its whole subtree under another parent (e.g. communes moved up to the
province when their district is abolished). Paths of the subtree follow in one statement; apps that
store tree paths follow through the ``tenant_moved`` signal, in the same transaction. Schema names and
hostnames stay (they are identifiers, not the tree).

Closing (``close_into``): the abolished district itself, once its communes have moved, becomes a
*merged* site whose hostnames redirect to its successor."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction
from django_tenants.utils import schema_context

from ..models import Tenant
from ..signals import changed, tenant_moved, tenant_status_changed
from ..tree import all_sites
from .errors import TenantError
from .naming import tree_path
from .registry import get_tenant


def refuse_merged_parent(parent: Tenant) -> None:
    """No site goes under a merged one (an abolished district only redirects): its successor takes it."""
    if parent.status == Tenant.Status.MERGED:
        successor = parent.successor.path if parent.successor_id else "?"
        raise TenantError(
            f"Đơn vị cha “{parent.name}” đã được sáp nhập; hãy chọn đơn vị kế thừa “{successor}” "
            f"(the parent is merged: choose its successor)."
        )


def _new_parent(tenant: Tenant, parent_path: str | None) -> Tenant | None:
    parent_path = (parent_path or "").strip()
    allowed = settings.TENANT_ALLOWED_PARENTS.get(tenant.kind, [])
    if not parent_path:
        if allowed:
            raise TenantError(
                f"Đơn vị cấp {tenant.kind} phải có đơn vị cha thuộc cấp: {', '.join(allowed)} "
                f"(a {tenant.kind} needs a parent)."
            )
        return None
    parent = all_sites().filter(path=parent_path).first()
    if parent is None:
        raise TenantError(f"Không tìm thấy đơn vị cha “{parent_path}” (parent not found).")
    refuse_merged_parent(parent)
    if parent.path == tenant.path or parent.path.startswith(tenant.path + "."):
        raise TenantError(
            f"Không thể chuyển “{tenant.path}” vào chính nó hoặc đơn vị cấp dưới của nó "
            "(cannot move a site under itself or its own subtree)."
        )
    if parent.kind not in allowed:
        raise TenantError(
            f"Đơn vị cấp {tenant.kind} không thể thuộc đơn vị cấp {parent.kind} "
            f"(a {tenant.kind} cannot sit under a {parent.kind}; allowed: {', '.join(allowed) or 'none'})."
        )
    return parent


def move_tenant(path: str, parent_path: str | None) -> Tenant:
    """Put the site at ``path`` (and everything beneath it) under ``parent_path``; return it moved."""
    tenant = get_tenant(path)
    with schema_context("public"), transaction.atomic():
        parent = _new_parent(tenant, parent_path)
        if (parent.pk if parent else None) == tenant.parent_id:
            raise TenantError(f"“{path}” đã thuộc đơn vị cha này (the site is already under this parent).")
        old_path, new_path = tenant.path, tree_path(tenant.slug, parent)
        if Tenant.objects.filter(path=new_path).exists():
            raise TenantError(f"Mã ngắn “{tenant.slug}” đã được dùng tại “{new_path}” (duplicate slug).")
        subtree = list(tenant.subtree().values_list("path", flat=True))
        limit = Tenant._meta.get_field("path").max_length
        if max(len(p) for p in subtree) - len(old_path) + len(new_path) > limit:
            raise TenantError(f"Đường dẫn cây dài quá {limit} ký tự (tree path too long).")
        old_parent = tenant.parent.path if tenant.parent_id else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Tenant._meta.db_table} SET path = %s || substr(path, %s), updated_at = now() "
                "WHERE path = %s OR path LIKE %s",
                [new_path, len(old_path) + 1, old_path, old_path + ".%"],
            )
        tenant.refresh_from_db()
        tenant.parent = parent
        tenant.save(update_fields=["parent", "updated_at"])  # post_save: routing and tree caches reload
        tenant_moved.send(sender=Tenant, old_path=old_path, new_path=new_path)
        changed(
            "reparent",
            new_path,
            {"path": old_path, "parent": old_parent},
            {"path": new_path, "parent": parent.path if parent else "", "sites": len(subtree)},
        )
    return tenant


CLOSABLE_KINDS = {Tenant.Kind.DISTRICT, Tenant.Kind.AGENCY}


def close_into(path: str, successor_path: str) -> Tenant:
    """End a site whose unit was abolished without its pages moving — a district of the 2025 reform, an
    agency merged into another: it becomes *merged* with ``successor_path`` as its successor, so every
    URL of its hostnames answers 301 to the successor's home page, its schema stays (its history) and
    it leaves search. Its sub-sites must have been moved first. A commune is merged with
    ``restructuring`` instead (its pages move, path by path)."""
    tenant = get_tenant(path)
    successor_path = (successor_path or "").strip()
    if tenant.status == Tenant.Status.MERGED:
        raise TenantError(f"“{tenant.name}” đã được sáp nhập (the site is already merged).")
    if tenant.kind not in CLOSABLE_KINDS:
        raise TenantError(
            f"Đơn vị cấp {tenant.kind} không kết thúc hoạt động theo cách này: hãy sáp nhập để chuyển nội dung "
            f"(a {tenant.kind} is merged with its pages moved: use the merge)."
        )
    with schema_context("public"), transaction.atomic():
        successor = all_sites().filter(path=successor_path).first()
        if successor is None:
            raise TenantError(f"Không tìm thấy đơn vị kế thừa “{successor_path}” (successor not found).")
        if successor.pk == tenant.pk:
            raise TenantError(f"Không thể sáp nhập “{tenant.name}” vào chính nó (a site cannot succeed itself).")
        if successor.status != Tenant.Status.ACTIVE:
            raise TenantError(
                f"Đơn vị kế thừa “{successor.name}” không hoạt động (the successor is {successor.status}, not active)."
            )
        if Tenant.objects.filter(parent=tenant).exists():
            raise TenantError(
                f"“{path}” còn đơn vị cấp dưới: hãy chuyển chúng sang đơn vị cha khác trước "
                "(the site still has sub-sites: move them first)."
            )
        old = tenant.status
        tenant.status, tenant.successor = Tenant.Status.MERGED, successor
        tenant.save(update_fields=["status", "successor", "updated_at"])  # post_save: routing reloads
        tenant_status_changed.send(sender=Tenant, tenant=tenant, old=old, new=tenant.status)  # search lets go
        changed("close", path, {"status": old}, {"status": tenant.status, "successor": successor.path})
    return tenant
