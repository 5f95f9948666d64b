"""The service API of the compliance monitor (the console dashboard, reports and the site panel
build on these; views stay thin):

* ``evaluate_site(tenant, now=None) -> SiteReport`` — run every registered check in the site's schema;
* ``refresh(tenants=None, progress=False) -> list[SiteSnapshot]`` — evaluate and store today's
  snapshot of each site (idempotent: one row per site and day, replaced on a second run);
* ``latest_snapshots(tenants=None)``, ``latest_rows()`` (a queryset), ``latest_snapshot(tenant)``,
  ``history(tenant, since=None)`` — what was stored;
* ``rollup(tenant) -> RollUp`` — the subtree's latest figures (a parent, or the province at the root).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.utils import timezone, translation
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context
from tqdm import tqdm

from tenants.models import Tenant
from tenants.tree import active_sites, primary_hostnames, subtree_sites
from workdays.deadlines import deadlines_for
from workdays.services import calendar_held

from .context import CheckContext
from .findings import STATUS_LABELS, Finding, SiteReport, Status, worst
from .models import SiteSnapshot
from .registry import CHECKS, DUTIES
from .scoring import score
from .snapshot_cache import snapshots_generation

log = logging.getLogger(__name__)


def evaluate_site(tenant: Tenant, now: datetime | None = None) -> SiteReport:
    """Every check of ``tenant`` from its content and deadline settings, as of ``now`` (reads only)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    hostname = primary_hostnames([tenant]).get(tenant.pk, "")
    deadlines = deadlines_for(tenant)
    findings: list[Finding] = []
    with tenant_context(tenant), translation.override("vi"), calendar_held():
        ctx = CheckContext(tenant=tenant, today=today, now=now, deadlines=deadlines, hostname=hostname)
        for check in CHECKS:
            outcome = check.run(ctx)
            findings.append(
                Finding(
                    code=check.code,
                    duty=check.duty,
                    group=check.group,
                    title=str(DUTIES[check.duty]),
                    status=outcome.status,
                    message=str(outcome.message),
                    evidence=outcome.evidence,
                )
            )
    duties = {duty: worst(f.status for f in findings if f.duty == duty) for duty in DUTIES}
    total, groups = score(findings, {check.code: check.weight for check in CHECKS})
    return SiteReport(tenant.path, tenant.name, today, now, findings, duties, total, groups)


def store(tenant: Tenant, report: SiteReport) -> SiteSnapshot:
    """Today's snapshot of ``tenant`` (replaced when the site is refreshed again the same day)."""
    counts = report.counts()
    with schema_context(get_public_schema_name()), transaction.atomic():
        snapshot, _created = SiteSnapshot.objects.update_or_create(
            tenant=tenant,
            day=report.day,
            defaults={
                "score": report.score,
                "group_scores": report.group_scores,
                "counts": counts,
                "missing_count": counts[str(Status.MISSING)],
                "late_count": len(report.late_items()),
                "report": report.to_dict(),
                "computed_at": report.computed_at,
            },
        )
        transaction.on_commit(snapshots_generation.bump)
    snapshots_generation.bump()
    return snapshot


def sites_to_check() -> list[Tenant]:
    with schema_context(get_public_schema_name()):
        return list(active_sites().order_by("path"))


def refresh(
    tenants: list[Tenant] | None = None, progress: bool = False, now: datetime | None = None
) -> list[SiteSnapshot]:
    """Evaluate and store each site (default: every active site); a site whose checks fail is logged
    and skipped, so one broken site never stops the nightly run."""
    tenants = sites_to_check() if tenants is None else tenants
    snapshots = []
    for tenant in tqdm(tenants, desc="Kiểm tra tuân thủ", unit="site", disable=not progress):
        try:
            snapshots.append(store(tenant, evaluate_site(tenant, now)))
        except Exception:
            log.exception("compliance: evaluating %s failed", tenant.path)
    return snapshots


def latest_snapshots(tenants=None) -> list[SiteSnapshot]:
    """The newest snapshot of each site (of ``tenants`` when given)."""
    with schema_context(get_public_schema_name()):
        rows = SiteSnapshot.objects.all()
        if tenants is not None:
            rows = rows.filter(tenant__in=tenants)
        newest = rows.values("tenant_id").annotate(day=Max("day"))
        pairs = {(row["tenant_id"], row["day"]) for row in newest}
        # The whole report (JSON) is loaded only when asked for: lists need the figures.
        candidates = rows.filter(day__in={day for _tenant, day in pairs}).select_related("tenant").defer("report")
        return sorted((s for s in candidates if (s.tenant_id, s.day) in pairs), key=lambda s: s.tenant.path)


def latest_rows() -> QuerySet[SiteSnapshot]:
    """The newest snapshot of each site as a queryset, to filter, sort and paginate in the database
    (the console's dashboard at 3,000 sites); the report JSON is deferred."""
    newest = SiteSnapshot.objects.filter(tenant=OuterRef("tenant")).order_by("-day").values("day")[:1]
    with schema_context(get_public_schema_name()):
        return SiteSnapshot.objects.filter(day=Subquery(newest)).select_related("tenant").defer("report")


def latest_snapshot(tenant: Tenant) -> SiteSnapshot | None:
    """``tenant``'s newest snapshot with its whole report (the drill-down, the site's own panel)."""
    with schema_context(get_public_schema_name()):
        return SiteSnapshot.objects.filter(tenant=tenant).order_by("-day").first()


TO_FIX = (Status.MISSING, Status.LATE, Status.STALE)


def findings_to_fix(snapshot) -> list[dict]:
    """The stored findings that need work (missing, late, stale), the worst first, with status labels."""
    order = {status: index for index, status in enumerate(TO_FIX)}
    found = [item for item in snapshot.report.get("findings", []) if item["status"] in TO_FIX]
    found.sort(key=lambda item: (order[Status(item["status"])], item["duty"], item["code"]))
    return [{**item, "status_label": str(STATUS_LABELS[Status(item["status"])])} for item in found]


def history(tenant: Tenant, since: date | None = None) -> list[SiteSnapshot]:
    """``tenant``'s snapshots, oldest first (score and late items over time)."""
    with schema_context(get_public_schema_name()):
        rows = SiteSnapshot.objects.filter(tenant=tenant).order_by("day")
        return list(rows.filter(day__gte=since) if since else rows)


@dataclass(frozen=True)
class RollUp:
    path: str
    sites: int
    average_score: float | None
    missing: int
    late: int


def rollup(tenant: Tenant) -> RollUp:
    """The latest snapshots of ``tenant``'s subtree (itself included): sites, mean score, missing
    duties and late items. At the root this is the province."""
    with schema_context(get_public_schema_name()):
        subtree = list(subtree_sites(tenant))
    snapshots = latest_snapshots(subtree)
    scores = [float(s.score) for s in snapshots]
    return RollUp(
        path=tenant.path,
        sites=len(snapshots),
        average_score=round(sum(scores) / len(scores), 1) if scores else None,
        missing=sum(s.missing_count for s in snapshots),
        late=sum(s.late_count for s in snapshots),
    )


__all__ = [
    "RollUp",
    "evaluate_site",
    "findings_to_fix",
    "history",
    "latest_rows",
    "latest_snapshot",
    "latest_snapshots",
    "refresh",
    "rollup",
    "store",
]
