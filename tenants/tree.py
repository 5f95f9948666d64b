"""Public query API of the tenant tree: which tenants are sites, their links, the template schema and
the tree generation. Other apps ask these functions instead of querying ``Tenant`` or reaching into
the internals of ``tenants`` (the platform tenant of the ``public`` schema is never a site)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django_tenants.utils import get_public_schema_name, schema_context

from core.cache import Generation, shared_store

from .models import Domain, Tenant

# Moves whenever a Tenant or Domain changes (tenants.routing): routing tables and anything cached
# from the tree (parent portal, component sites) are keyed by it.
tree_generation = Generation("tree-generation", lambda: shared_store("tenants"))


def all_sites() -> QuerySet[Tenant]:
    """Every tenant that is a site (any status), i.e. every tenant but the platform itself."""
    return Tenant.objects.exclude(kind=Tenant.Kind.PLATFORM).exclude(schema_name=get_public_schema_name())


def active_sites() -> QuerySet[Tenant]:
    """The sites that are online (not suspended, not archived)."""
    return all_sites().filter(status=Tenant.Status.ACTIVE)


def subtree_sites(tenant: Tenant) -> QuerySet[Tenant]:
    """The sites of ``tenant``'s subtree, itself included."""
    return all_sites().filter(pk__in=tenant.subtree().values("pk"))


def under_path(path: str, field: str = "path") -> Q:
    """Filter of the rows whose tree path ``field`` is ``path`` or beneath it (an indexed prefix match)."""
    return Q(**{field: path}) | Q(**{f"{field}__startswith": path + "."})


def site_by_path(path: str) -> Tenant | None:
    with schema_context(get_public_schema_name()):
        return all_sites().filter(path=path).first()


def parent_of(tenant: Tenant) -> Tenant | None:
    """The site ``tenant`` is a component of (D14), or ``None`` at the top of the tree."""
    if not getattr(tenant, "parent_id", None):
        return None
    with schema_context(get_public_schema_name()):
        return all_sites().filter(pk=tenant.parent_id).first()


def children_of(tenant: Tenant) -> list[Tenant]:
    """The active sites directly beneath ``tenant`` (D28), by kind then name."""
    with schema_context(get_public_schema_name()):
        return list(active_sites().filter(parent_id=tenant.pk).order_by("kind", "name"))


def primary_hostnames(tenants) -> dict[int, str]:
    """Tenant id → primary hostname, for the given tenants."""
    with schema_context(get_public_schema_name()):
        return dict(Domain.objects.filter(tenant__in=tenants, is_primary=True).values_list("tenant_id", "domain"))


def template_schema() -> str:
    from .services.schema_builder import TEMPLATE_SCHEMA

    return TEMPLATE_SCHEMA


def is_template_schema(schema_name: str) -> bool:
    """True for the schema new sites are cloned from (it holds no site's content)."""
    return schema_name == template_schema()
