"""Upward roll-ups read from the aggregate: latest news of the sites beneath, and the public-service
registry with dossier statistics (received, processed, on time, late) of a subtree.

Why the dossier roll-up lives in search and not beside the statistics it rolls up
(``sites.models.public_services.DossierStatistics``): a subtree's totals cannot be read from one
site's schema; they come from the province-wide aggregate in the public schema, where each
service's entry carries its statistics in ``meta`` (the page contract). Only ``search`` owns that
aggregate, and the layers keep ``search`` and ``sites`` independent of each other (neither imports
the other), so the roll-up reads the public aggregate here; one site's own totals stay in
``sites.services.dossiers``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, IntegerField, Q, QuerySet, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce

from .models import Entry

COUNTERS = ("received", "processed", "on_time", "late")
SOURCE_LANGUAGE = settings.LANGUAGE_CODE  # pages are written in Vietnamese first, translated after


def subtree_filter(path: str, include_self: bool = True) -> Q:
    """Entries of a tenant's subtree: one indexed prefix query on the tenant path."""
    below = Q(tenant_path__startswith=f"{path}.")
    return (Q(tenant_path=path) | below) if include_self else below


def latest_beneath(path: str, language: str = "vi", limit: int = 6) -> list[Entry]:
    """Newest news of the sites under ``path`` (not the site itself)."""
    return list(
        Entry.objects.filter(subtree_filter(path, include_self=False), kind="news", language=language)
        .select_related("tenant")
        .only("title", "url", "date", "tenant__name", "tenant_path", "summary")
        .order_by("-date")[:limit]
    )


@dataclass
class ServiceFilters:
    sector: str = ""
    level: str = ""
    site: str = ""


def _counter_sums() -> dict:
    return {name: Coalesce(Sum(Cast(KT(f"meta__{name}"), IntegerField())), 0) for name in COUNTERS}


def services(path: str, filters: ServiceFilters) -> QuerySet[Entry]:
    """The services of a subtree, each once: in its source language (an English translation of a
    procedure is the same procedure, not another one)."""
    queryset = Entry.objects.filter(subtree_filter(path), kind="service", language=SOURCE_LANGUAGE)
    if filters.sector:
        queryset = queryset.filter(service_sector=filters.sector)
    if filters.level:
        queryset = queryset.filter(service_level=filters.level)
    if filters.site:
        queryset = queryset.filter(subtree_filter(filters.site))
    return queryset


def late_rate(row: dict) -> float | None:
    processed = row.get("on_time", 0) + row.get("late", 0)
    return round(100.0 * row.get("late", 0) / processed, 1) if processed else None


def services_rollup(path: str, filters: ServiceFilters) -> dict:
    """Totals of the services registry of a subtree, by sector, level and locality (site)."""
    queryset = services(path, filters)
    sums = _counter_sums()
    totals = queryset.aggregate(services=Count("id"), **sums)
    by_sector = list(
        queryset.values("service_sector").annotate(services=Count("id"), **sums).order_by("service_sector")
    )
    by_level = list(queryset.values("service_level").annotate(services=Count("id"), **sums).order_by("service_level"))
    by_site = list(
        queryset.values("tenant_path", "tenant__name").annotate(services=Count("id"), **sums).order_by("tenant_path")
    )
    for row in [totals, *by_sector, *by_level, *by_site]:
        row["late_rate"] = late_rate(row)
    return {"totals": totals, "by_sector": by_sector, "by_level": by_level, "by_site": by_site}


def sector_and_level_choices(path: str) -> tuple[list[str], list[str]]:
    base = Entry.objects.filter(subtree_filter(path), kind="service", language=SOURCE_LANGUAGE)
    sectors = [s for s in base.values_list("service_sector", flat=True).distinct().order_by("service_sector") if s]
    levels = [s for s in base.values_list("service_level", flat=True).distinct().order_by("service_level") if s]
    return sectors, levels
