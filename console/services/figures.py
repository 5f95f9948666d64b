"""Figures of the site register that live in each site's schema (editors, pages, last publication,
English coverage), copied into ``console.SiteFigures`` so the register never opens 3,500 schemas per
request: :func:`register_page` is two queries (the page of sites with their figures, their domains).

Refreshed by :func:`refresh_site` — after a publication (``console.receivers``, counts only), by the
periodic ``console.refresh_site_figures`` task and by ``manage.py console_refresh`` (counts and
English coverage).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Max, Q
from django.utils import timezone
from django_tenants.utils import schema_context, schema_exists

from core.text import fold
from localization.services.coverage import OK, current_tenant_items
from tenants.models import Domain, Tenant
from tenants.tree import all_sites, under_path

from ..models import SiteFigures

PAGE_SIZE = 50


def _search_key(tenant: Tenant, hostnames: list[str]) -> str:
    return fold(" ".join([tenant.name, tenant.name_en, tenant.path, *hostnames]))


def _count_in_schema(coverage: bool) -> dict:
    from wagtail.models import Page

    editors = get_user_model().objects.filter(is_active=True, groups__isnull=False).distinct().count()
    live = Page.objects.filter(depth__gt=2, live=True)
    figures = {
        "editors": editors,
        "pages": live.count(),
        "last_published_at": live.aggregate(m=Max("last_published_at"))["m"],
    }
    if coverage:
        items = current_tenant_items()
        figures["english_total"] = len(items)
        figures["english_ok"] = sum(1 for item in items if item.status == OK)
    return figures


def refresh_site(tenant: Tenant, coverage: bool = True) -> SiteFigures:
    """Recount one site's figures in its schema and store them in the public schema."""
    figures = {}
    if schema_exists(tenant.schema_name):
        with schema_context(tenant.schema_name):
            figures = _count_in_schema(coverage)
    with schema_context("public"):
        hostnames = list(Domain.objects.filter(tenant=tenant).values_list("domain", flat=True))
        row, _ = SiteFigures.objects.update_or_create(
            tenant=tenant,
            defaults={**figures, "search_key": _search_key(tenant, hostnames), "refreshed_at": timezone.now()},
        )
    return row


def refresh_schema(schema_name: str) -> None:
    """After a publication in ``schema_name``: its counts (not the slower English coverage)."""
    with schema_context("public"):
        tenant = all_sites().filter(schema_name=schema_name).first()
    if tenant is not None:
        refresh_site(tenant, coverage=False)


def refresh_search_key(tenant: Tenant) -> None:
    """After a rename, a domain change or a move: only the searchable text changes."""
    with schema_context("public"):
        hostnames = list(Domain.objects.filter(tenant=tenant).values_list("domain", flat=True))
        updated = SiteFigures.objects.filter(tenant=tenant).update(search_key=_search_key(tenant, hostnames))
    if not updated:
        refresh_site(tenant, coverage=False)


def refresh_all(coverage: bool = True, progress=iter, also: Callable[[Tenant], None] | None = None) -> int:
    """Refresh every site (``also`` runs for each site too, e.g. the account index)."""
    with schema_context("public"):
        tenants = list(all_sites().order_by("path"))
    for tenant in progress(tenants):
        refresh_site(tenant, coverage=coverage)
        if also is not None:
            also(tenant)
    return len(tenants)


@dataclass
class RegisterRow:
    tenant: Tenant
    depth: int
    figures: SiteFigures | None
    domains: list[Domain]

    @property
    def primary(self) -> str:
        return next((d.domain for d in self.domains if d.is_primary), "")


def register_page(
    query: str = "", status: str = "", kind: str = "", parent: str = "", page: int | str = 1
) -> tuple[PaginatorPage, list[RegisterRow]]:
    """One page of the register in tree order, filtered; search folds diacritics on both sides."""
    with schema_context("public"):
        sites = all_sites().select_related("console_figures", "parent").order_by("path")
        if status:
            sites = sites.filter(status=status)
        if kind:
            sites = sites.filter(kind=kind)
        if parent:
            sites = sites.filter(under_path(parent))
        for word in fold(query).split():
            sites = sites.filter(
                Q(console_figures__search_key__contains=word)
                | Q(path__contains=word)
                | Q(domains__domain__contains=word)
            )
        if query:
            sites = sites.distinct()
        paginated = Paginator(sites, PAGE_SIZE).get_page(page)
        tenants = list(paginated.object_list)
        domains: dict[int, list[Domain]] = {}
        for domain in Domain.objects.filter(tenant__in=tenants).order_by("-is_primary", "domain"):
            domains.setdefault(domain.tenant_id, []).append(domain)
    rows = [
        RegisterRow(t, t.path.count("."), getattr(t, "console_figures", None), domains.get(t.pk, [])) for t in tenants
    ]
    return paginated, rows
