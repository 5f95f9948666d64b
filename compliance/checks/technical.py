"""Technical duties: English coverage of D1/D9/D15 (D13, from ``localization``), links to government
sites and the parent portal (D14), component sites (D28), Dublin Core on a sample of pages (D26),
the EMC monitoring code and its badge (D27), and legal documents' files downloadable (D6)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.models import Page

from localization.services.coverage import MISSING as EN_MISSING
from localization.services.coverage import NO_SOURCE as EN_NO_SOURCE
from localization.services.coverage import STALE as EN_STALE
from localization.services.coverage import current_tenant_items
from sites.models import GovernmentLink, LegalDocumentPage
from sites.templatetags.portal_tags import dublin_core
from sites.tenancy import emc_badge
from tenants.tree import parent_of

from ..context import CheckContext
from ..findings import ON_TIME, PROBLEM, Evidence, Outcome, Status, worst

DUBLIN_CORE_SAMPLE = 10
DUBLIN_CORE_REQUIRED = ("title", "creator", "date", "description", "publisher", "identifier")


def english(ctx: CheckContext) -> Outcome:
    """D13: D1, D9 and the services foreigners can use have a current English version."""
    statuses, evidence = [], []
    for item in current_tenant_items():
        status = {EN_MISSING: Status.MISSING, EN_NO_SOURCE: Status.MISSING, EN_STALE: Status.STALE}.get(
            item.status, Status.PRESENT
        )
        statuses.append(status)
        page_admin = ctx.admin_url("wagtailadmin_pages:edit", item.page_id) if item.page_id else ctx.home_admin_url()
        evidence.append(
            Evidence(
                label=f"{item.duty} — {item.title or '—'}",
                status=ON_TIME if status == Status.PRESENT else PROBLEM,
                detail=item.status_label,
                object=f"wagtailcore.page:{item.page_id}" if item.page_id else "",
                admin_url=page_admin,
            )
        )
    status = worst(statuses)
    message = {Status.MISSING: _("Thiếu bản tiếng Anh."), Status.STALE: _("Bản tiếng Anh đã cũ.")}.get(status, "")
    return Outcome(status, message, evidence)


def government_links(ctx: CheckContext) -> Outcome:
    """D14: links to other government sites (and to the parent portal, shown by the layout)."""
    count = GovernmentLink.objects.count()
    admin_url = ctx.admin_url("wagtailsnippets_portal_governmentlink:list")
    if not count:
        return Outcome(
            Status.MISSING,
            _("Chưa có liên kết website cơ quan nhà nước."),
            [Evidence(_("Liên kết website"), PROBLEM, admin_url=admin_url)],
        )
    return Outcome(Status.PRESENT, "", [Evidence(_("Liên kết website"), detail=str(count), admin_url=admin_url)])


def parent_portal(ctx: CheckContext) -> Outcome:
    """D28: a component site belongs to exactly one portal, which is online (it links here)."""
    if not ctx.tenant.parent_id:
        return Outcome(Status.NOT_APPLICABLE, _("Cổng cấp tỉnh: không có cổng cấp trên."))
    parent = parent_of(ctx.tenant)
    evidence = [Evidence(parent.name if parent else "—", admin_url=ctx.console_site_url())]
    if parent is None or parent.status != parent.Status.ACTIVE:
        evidence[0].status = PROBLEM
        return Outcome(
            Status.MISSING, _("Cổng cấp trên không hoạt động: trang không được liên kết từ cấp trên."), evidence
        )
    return Outcome(Status.PRESENT, "", evidence)


def dublin_core_sample(ctx: CheckContext) -> Outcome:
    """D26: the mandatory Dublin Core elements on the latest published pages."""
    pages = ctx.published(Page).filter(depth__gt=1).order_by("-last_published_at")[:DUBLIN_CORE_SAMPLE]
    evidence = []
    for page in pages.specific():
        elements = dublin_core({"page": page, "request": None, "LANGUAGE_CODE": "vi"})
        # Without a request the tag cannot know the site's name: the layout fills creator/publisher with it.
        elements["creator"] = elements["creator"] or ctx.tenant.name
        elements["publisher"] = elements["publisher"] or ctx.tenant.name
        absent = [name for name in DUBLIN_CORE_REQUIRED if not elements.get(name)]
        evidence.append(
            ctx.page_evidence(page, PROBLEM if absent else ON_TIME, ", ".join(f"DC.{name}" for name in absent))
        )
    if not evidence:
        return Outcome(Status.NOT_APPLICABLE, _("Không có mục nào trong kỳ đánh giá."))
    if any(item.status == PROBLEM for item in evidence):
        return Outcome(
            Status.MISSING, _("Trang thiếu phần tử Dublin Core bắt buộc."), [e for e in evidence if e.status == PROBLEM]
        )
    return Outcome(Status.PRESENT, "", evidence[:3])


def emc_code(ctx: CheckContext) -> Outcome:
    """D27: the site's EMC monitoring code is set (by province IT) and its badge renders."""
    code = (getattr(ctx.tenant, "emc_code", "") or "").strip()
    evidence = [Evidence(_("Mã EMC"), ON_TIME if code else PROBLEM, code, admin_url=ctx.console_site_url())]
    if not code:
        return Outcome(Status.MISSING, _("Chưa gắn mã giám sát EMC."), evidence)
    if not str(emc_badge(code)).strip():
        evidence[0].status = PROBLEM
        return Outcome(Status.MISSING, _("Mã EMC không hiển thị được huy hiệu."), evidence)
    return Outcome(Status.PRESENT, "", evidence)


def document_files(ctx: CheckContext) -> Outcome:
    """D6: every live, not withdrawn document has a downloadable file (stored and readable)."""
    evidence = []
    pages = ctx.published(LegalDocumentPage).filter(is_draft=False).prefetch_related("files__document")
    for page in pages.order_by("-first_published_at"):
        if page.is_withdrawn:
            continue
        files = page.public_files()
        stored = [f for f in files if f.document.file and f.document.file.storage.exists(f.document.file.name)]
        if not stored:
            evidence.append(ctx.page_evidence(page, PROBLEM, _("không có tệp tải về được")))
    if evidence:
        return Outcome(
            Status.MISSING, _("%(count)s văn bản không có tệp tải về được.") % {"count": len(evidence)}, evidence
        )
    return Outcome(Status.PRESENT if pages.exists() else Status.NOT_APPLICABLE)
