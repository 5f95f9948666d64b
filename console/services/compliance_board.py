"""The compliance dashboard of the console (issue 14 item 5), read from the stored daily snapshots only
(``compliance.services``): a page of sites sorted and filtered in the database, the roll-up per parent
in one query, and the drill-down of one site. Nothing here evaluates a site; the "refresh now" button
calls :func:`refresh_one`, which runs the same service as the nightly job and is audited."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q

from compliance import services
from compliance.findings import STATUS_LABELS, Status
from compliance.models import SiteSnapshot
from core.text import fold
from tenants.models import Tenant
from tenants.tree import all_sites, under_path

from . import audit

PAGE_SIZE = 50

# Query value → ordering (ties broken by tree path, so pages are stable).
SORTS = {
    "ten": ("tenant__path",),
    "diem": ("score", "tenant__path"),
    "-diem": ("-score", "tenant__path"),
    "thieu": ("missing_count", "tenant__path"),
    "-thieu": ("-missing_count", "tenant__path"),
    "muon": ("late_count", "tenant__path"),
    "-muon": ("-late_count", "tenant__path"),
    "ngay": ("day", "tenant__path"),
}
DEFAULT_SORT = "diem"  # the weakest sites first: what province IT acts on

PROBLEMS = {"thieu": Q(missing_count__gt=0), "muon": Q(late_count__gt=0)}


@dataclass(frozen=True)
class Filters:
    q: str = ""
    parent: str = ""
    kind: str = ""
    problem: str = ""
    below: float | None = None
    sort: str = DEFAULT_SORT


def parse_filters(params) -> Filters:
    """The dashboard's query string; unknown values are ignored (no filter), never an error page."""
    try:
        below = float(params.get("duoi", "").replace(",", ".")) if params.get("duoi", "").strip() else None
    except ValueError:
        below = None
    sort = params.get("sap-xep", DEFAULT_SORT)
    return Filters(
        q=params.get("q", "").strip(),
        parent=params.get("parent", "").strip(),
        kind=params.get("kind", "").strip(),
        problem=params.get("van-de", "").strip() if params.get("van-de") in PROBLEMS else "",
        below=below,
        sort=sort if sort in SORTS else DEFAULT_SORT,
    )


def dashboard_page(filters: Filters, page_number) -> Page:
    """One page of the newest snapshot of every site, filtered and sorted in the database."""
    rows = services.latest_rows()
    if filters.q:
        folded = fold(filters.q)
        rows = rows.filter(
            Q(tenant__name__icontains=filters.q)
            | Q(tenant__path__icontains=filters.q)
            | Q(tenant__console_figures__search_key__contains=folded)
        )
    if filters.parent:
        rows = rows.filter(under_path(filters.parent, "tenant__path"))
    if filters.kind:
        rows = rows.filter(tenant__kind=filters.kind)
    if filters.problem:
        rows = rows.filter(PROBLEMS[filters.problem])
    if filters.below is not None:
        rows = rows.filter(score__lt=filters.below)
    rows = rows.order_by(*SORTS[filters.sort])
    return Paginator(rows, PAGE_SIZE).get_page(page_number)


@dataclass(frozen=True)
class ParentRollUp:
    tenant: Tenant
    sites: int
    average_score: float | None
    missing: int
    late: int
    below_threshold: int


def rollups(threshold: float = 50.0) -> list[ParentRollUp]:
    """Every site with component sites, with its subtree's figures (itself included), from one query of
    the newest snapshots: each site's figures are added to the site and each of its ancestors."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0, 0, 0])
    for path, score, missing, late in services.latest_rows().values_list(
        "tenant__path", "score", "missing_count", "late_count"
    ):
        parts = path.split(".")
        for end in range(1, len(parts) + 1):
            row = sums[".".join(parts[:end])]
            row[0] += 1
            row[1] += float(score)
            row[2] += missing
            row[3] += late
            row[4] += float(score) < threshold
    parents = all_sites().filter(path__in=[path for path, row in sums.items() if row[0] > 1]).order_by("path")
    return [
        ParentRollUp(
            tenant=parent,
            sites=int(sums[parent.path][0]),
            average_score=round(sums[parent.path][1] / sums[parent.path][0], 1),
            missing=int(sums[parent.path][2]),
            late=int(sums[parent.path][3]),
            below_threshold=int(sums[parent.path][4]),
        )
        for parent in parents
    ]


@dataclass(frozen=True)
class FindingRow:
    code: str
    duty: str
    title: str
    status: str
    status_label: str
    message: str
    evidence: list[dict]


SEVERITY_ORDER = {Status.MISSING: 0, Status.LATE: 1, Status.STALE: 2, Status.PRESENT: 3, Status.NOT_APPLICABLE: 4}


def findings_of(snapshot: SiteSnapshot | None) -> list[FindingRow]:
    """The stored findings of a snapshot, the worst first (missing, late, stale, present, n/a)."""
    if snapshot is None:
        return []
    rows = [
        FindingRow(
            code=item["code"],
            duty=item["duty"],
            title=item["title"],
            status=item["status"],
            status_label=str(STATUS_LABELS.get(Status(item["status"]), item["status"])),
            message=item["message"],
            evidence=item["evidence"],
        )
        for item in snapshot.report.get("findings", [])
    ]
    return sorted(rows, key=lambda row: (SEVERITY_ORDER[Status(row.status)], row.duty, row.code))


def refresh_one(tenant: Tenant) -> SiteSnapshot | None:
    """Evaluate ``tenant`` now through the service of the nightly job, and record it in the audit log
    (the score before and after). ``None`` when the evaluation failed (logged by the service)."""
    before = services.latest_snapshot(tenant)
    stored = services.refresh([tenant])
    snapshot = stored[0] if stored else None
    audit.record(
        "compliance_refresh",
        tenant.path,
        {"score": float(before.score)} if before else {},
        {"score": float(snapshot.score), "day": snapshot.day.isoformat()} if snapshot else {"failed": True},
    )
    return snapshot
