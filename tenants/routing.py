"""Host header → tenant, cheaply.

A per-process map hostname → tenant (a frozen snapshot, no per-request query) is refreshed when a
``Tenant``/``Domain`` changes in this process and, for the other processes, when the shared
tree generation moves (``tenants.tree.tree_generation``, checked at most once per
``ROUTING_RECHECK_SECONDS``).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_tenants.utils import schema_context

from .tree import tree_generation

RECHECK_SECONDS = float(getattr(settings, "ROUTING_RECHECK_SECONDS", 2.0))


@dataclass(frozen=True)
class Route:
    tenant_id: int
    schema_name: str
    status: str
    primary_hostname: str


class _RoutingTable:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._routes: dict[str, Route] | None = None
        self._tenants: dict[int, object] = {}
        self._generation: object = None
        self._checked_at = 0.0
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
                    routes[f"#{tenant.pk}"] = Route(tenant.pk, tenant.schema_name, tenant.status, domain.domain)
                routes[domain.domain] = routes[f"#{tenant.pk}"]
        self._routes, self._tenants = routes, tenants
        self.loads += 1

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

    def invalidate(self) -> None:
        with self._lock:
            self._routes = None
        tree_generation.bump()


routing_table = _RoutingTable()


def invalidate_routes(**_kwargs) -> None:
    routing_table.invalidate()


@receiver(post_save, sender="tenants.Tenant")
@receiver(post_delete, sender="tenants.Tenant")
@receiver(post_save, sender="tenants.Domain")
@receiver(post_delete, sender="tenants.Domain")
def _routing_changed(**kwargs) -> None:
    invalidate_routes()
