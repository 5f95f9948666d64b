"""Host header → tenant, cheaply.

A per-process map hostname → tenant (a frozen snapshot, no per-request query) is refreshed when a
``Tenant``/``Domain`` changes in this process and, for the other processes, when the shared
tree generation moves (``tenants.tree.tree_generation``, checked at most once per
``ROUTING_RECHECK_SECONDS``).

A *merged* tenant (``Tenant.Status.MERGED``) is never served: ``moved_location`` maps a path of one of
its hostnames to the URL of the page it became on its successor (the ``MovedPath`` rows a merge
wrote; a path's nearest recorded ancestor, else the successor's home page). Those rows are read once
per merged tenant and kept with the table (they change only when a merge runs, which saves the
tenant and so reloads the table).

Each tenant's Wagtail ``Site`` is kept with the table too (``site_values``, ``kept_site``): Wagtail
asks for it on every request otherwise. Kept are the row's values and its root page's id and type; a
request gets a fresh ``Site`` with its root page loaded in one query, as its specific type, when first
used (the root page's own content is never kept). A ``Site`` saved or deleted reloads the table, here
and — through the tree generation — in every process.

A change made inside a transaction moves the generation twice: at once, and again when the transaction
commits. A process that reloads in between reads the rows as they were before the change (the change is
not committed yet) under the new generation; the second move makes it reload once the change is there,
else the change stayed invisible to it until the next one.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_tenants.utils import schema_context

from core.siteurl import site_origin

from .tree import tree_generation

RECHECK_SECONDS = float(getattr(settings, "ROUTING_RECHECK_SECONDS", 1.0))


@dataclass(frozen=True)
class Route:
    tenant_id: int
    schema_name: str
    status: str
    primary_hostname: str
    successor_id: int | None = None


class _RoutingTable:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._routes: dict[str, Route] | None = None
        self._tenants: dict[int, object] = {}
        self._moved: dict[int, dict[str, tuple[int, str, bool]]] = {}
        self._sites: dict[tuple[str, str, int | str], tuple | None] = {}
        self._generation: object = None
        self._checked_at = 0.0
        self.epoch = 0  # moves with every reload and invalidation: a Site found before is not kept
        self.loads = 0  # how many times the table was (re)loaded: per-schema caches follow it

    def _load(self) -> None:
        from .models import Domain

        routes: dict[str, Route] = {}
        tenants: dict[int, object] = {}
        with schema_context("public"):
            for domain in Domain.objects.select_related("tenant").order_by("-is_primary"):
                tenant = domain.tenant
                tenants[tenant.pk] = tenant
                primary = routes.get(f"#{tenant.pk}")
                if domain.is_primary or primary is None:
                    routes[f"#{tenant.pk}"] = Route(
                        tenant.pk, tenant.schema_name, tenant.status, domain.domain, tenant.successor_id
                    )
                routes[domain.domain] = routes[f"#{tenant.pk}"]
        self._routes, self._tenants, self._moved, self._sites = routes, tenants, {}, {}
        self.loads += 1
        self.epoch += 1

    def lookup(self, hostname: str):
        """Return (route, tenant) for a hostname, or (None, None)."""
        now = time.monotonic()
        if self._routes is None or now - self._checked_at > RECHECK_SECONDS:
            with self._lock:
                generation = tree_generation.current()  # cache down: time-based refresh only
                if self._routes is None or generation != self._generation:
                    self._load()
                    self._generation = generation
                self._checked_at = now
        route = self._routes.get(hostname)
        if route is None:
            return None, None
        return route, self._tenants[route.tenant_id]

    def primary_of(self, tenant_id: int | None) -> Route | None:
        routes = self._routes or {}
        return routes.get(f"#{tenant_id}") if tenant_id else None

    def moved_paths(self, tenant_id: int) -> dict[str, tuple[int, str, bool]]:
        """old path → (new tenant id, new path, keeps sub-paths) of a merged tenant, read once."""
        moved = self._moved.get(tenant_id)
        if moved is None:
            from .models import MovedPath

            with schema_context("public"):
                rows = MovedPath.objects.filter(old_tenant_id=tenant_id).values_list(
                    "old_path", "new_tenant_id", "new_path", "keeps_subpaths"
                )
                moved = {old: (new_tenant, new, keeps) for old, new_tenant, new, keeps in rows}
            self._moved[tenant_id] = moved
        return moved

    def site_values(self, schema_name: str, hostname: str, port) -> tuple | None:
        """The kept ``(site field values, root page content type id)`` of the Site Wagtail finds
        for ``hostname:port`` in ``schema_name``; ``None`` when not kept yet."""
        return self._sites.get((schema_name, hostname, port))

    def keep_site(self, schema_name: str, hostname: str, port, epoch: int, site) -> None:
        """Keep the Site found for a request, unless the table was reloaded or invalidated since
        the request began (``epoch``)."""
        if site is None or site.pk is None or epoch != self.epoch:
            return
        from django.contrib.contenttypes.models import ContentType

        root = site._state.fields_cache.get("root_page")
        content_type_id = getattr(root, "content_type_id", None)
        if content_type_id is None or ContentType.objects.get_for_id(content_type_id).model_class() is None:
            return
        values = tuple(getattr(site, field.attname) for field in site._meta.concrete_fields)
        with self._lock:
            if epoch == self.epoch:
                self._sites[(schema_name, hostname, port)] = (values, content_type_id)

    def invalidate(self) -> None:
        with self._lock:
            self._routes = None
            self._sites = {}
            self.epoch += 1
        tree_generation.bump()


routing_table = _RoutingTable()


def moved_location(route: Route, path: str, query: str = "", _hops: int = 0) -> str | None:
    """Where a request for ``path`` on a hostname of the merged tenant of ``route`` goes (absolute
    URL), or None when the tenant has no successor. Path by path: the nearest recorded ancestor of
    ``path`` (its remainder kept for routable pages, e.g. a Q&A page's ``tra-cuu/``), else the home
    page of the successor."""
    path = path if path.endswith("/") else path + "/"
    moved = routing_table.moved_paths(route.tenant_id)
    candidate, remainder = path, ""
    while True:
        hit = moved.get(candidate)
        if hit is not None and (not remainder or hit[2]):
            target_id, target_path = hit[0], hit[1] + remainder
            break
        if candidate == "/":
            target_id, target_path = route.successor_id, "/"
            break
        head, _sep, last = candidate.rstrip("/").rpartition("/")
        remainder = f"{last}/{remainder}"
        candidate = head + "/"
    target = routing_table.primary_of(target_id)
    if target is None or _hops > 5:
        return None
    if target.status == "merged":  # the successor was merged again: its own moved paths apply
        return moved_location(target, target_path, query, _hops + 1)
    return site_origin(target.primary_hostname) + target_path + (f"?{query}" if query else "")


def invalidate_routes(**_kwargs) -> None:
    routing_table.invalidate()


@receiver(post_save, sender="tenants.Tenant")
@receiver(post_delete, sender="tenants.Tenant")
@receiver(post_save, sender="tenants.Domain")
@receiver(post_delete, sender="tenants.Domain")
@receiver(post_save, sender="wagtailcore.Site")
@receiver(post_delete, sender="wagtailcore.Site")
def _routing_changed(**kwargs) -> None:
    invalidate_routes()
    if connection.in_atomic_block:  # again once the change is visible to other connections
        transaction.on_commit(invalidate_routes)


def kept_site(site_values: tuple):
    """A fresh ``Site`` from kept values, its root page loaded (specific) in one query on first use."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import DEFAULT_DB_ALIAS
    from django.utils.functional import SimpleLazyObject
    from wagtail.models import Site

    values, content_type_id = site_values

    def build():
        site = Site.from_db(DEFAULT_DB_ALIAS, [field.attname for field in Site._meta.concrete_fields], values)
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        root = model._default_manager.filter(pk=site.root_page_id).first()
        if root is not None:  # else left to the foreign key (gone: the Site is going too)
            site.root_page = root
        return site

    return SimpleLazyObject(build)
