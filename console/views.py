"""Views of the province-IT console (thin: the rules are in tenants.services and console.services).

Every action is two steps: the form, then a confirmation page that repeats what will happen; only the
confirmed POST calls the service, inside ``audit.acting_as`` so the audit log names the officer. Bad input
is the service's bilingual ``TenantError``, shown on the form with status 400; nothing has changed.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from compliance import reports as compliance_reports
from compliance import services as compliance
from compliance import trends as compliance_trends
from core.access import staff_required
from royalties.forms import SiteScaleForm
from royalties.services import scales as royalty_scales
from tenants.models import Domain, Tenant
from tenants.services.errors import TenantError
from tenants.services.lockouts import lockouts_across_sites, unlock_in_site
from tenants.services.provisioning import TenantSpec, provision_tenant
from tenants.services.registry import get_tenant, tenant_tree_rows
from tenants.services.retirement import latest_export

from . import forms as console_forms
from .actions import ACTIONS
from .services import accounts, audit, charts, compliance_board, figures, merging
from .services.notes import suspension_reason


# The platform host's public pages.
def tenant_tree(request: HttpRequest) -> HttpResponse:
    """Public list of every site of the province; the console's entry for signed-in staff."""
    return render(request, "console/tree.html", {"rows": tenant_tree_rows(), "is_staff": request.user.is_staff})


def platform_robots_txt(request: HttpRequest) -> HttpResponse:
    """The console is not for search engines; the sites publish their own robots.txt and sitemap."""
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain; charset=utf-8")


def platform_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """The platform host's own 404 page (``handler404`` of ``config.urls_public``)."""
    return render(request, "console/platform_404.html", status=404)


# Site register and lifecycle.
@staff_required
def register(request: HttpRequest) -> HttpResponse:
    params = {name: request.GET.get(name, "").strip() for name in ("q", "status", "kind", "parent")}
    page, rows = figures.register_page(
        params["q"], params["status"], params["kind"], params["parent"], request.GET.get("trang", 1)
    )
    others = {key: value for key, value in params.items() if value}
    return render(
        request,
        "console/register.html",
        {
            "page": page,
            "rows": rows,
            "params": params,
            "query_string": urlencode(others),
            "statuses": Tenant.Status.choices,
            "kinds": console_forms.SITE_KINDS,
        },
    )


def _site_or_404(path: str) -> Tenant:
    try:
        return get_tenant(path)
    except TenantError as exc:
        raise Http404(str(exc)) from exc


@staff_required
def site(request: HttpRequest, path: str) -> HttpResponse:
    tenant = _site_or_404(path)
    export = latest_export(tenant)
    context = {
        "tenant": tenant,
        "domains": Domain.objects.filter(tenant=tenant).order_by("-is_primary", "domain"),
        "children": Tenant.objects.filter(parent=tenant).order_by("path"),
        "figures": getattr(tenant, "console_figures", None),
        "reason": suspension_reason(tenant) if tenant.status == Tenant.Status.SUSPENDED else "",
        "export": export,
        "actions": ACTIONS,
        "log": audit.entries(site=tenant.path)[:20],
        "royalty": _royalty_choice(tenant),
    }
    return render(request, "console/site.html", context)


def _royalty_choice(tenant: Tenant) -> dict:
    """The site's royalty scale: the one in force, its own choice (if any) and the form to change it."""
    chosen = royalty_scales.chosen_scale(tenant)
    return {
        "effective": royalty_scales.scale_for(tenant),
        "chosen": chosen,
        "form": SiteScaleForm(initial={"scale": chosen.pk if chosen else None}),
    }


def _confirming(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get("confirm") == "1"


def _action_page(request, form, title, danger, tenant=None, error="", status=200, confirm=False):
    context = {"form": form, "title": title, "danger": danger, "tenant": tenant, "error": error, "confirm": confirm}
    return render(request, "console/action.html", context, status=status)


@staff_required
def site_action(request: HttpRequest, path: str, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    tenant = _site_or_404(path)
    initial = {"name": tenant.name, "name_en": tenant.name_en, "code": tenant.emc_code}
    form = spec.form(request.POST if request.method == "POST" else None, initial=initial)
    if request.method != "POST":
        return _action_page(request, form, spec.title, spec.danger, tenant)
    if not form.is_valid():
        return _action_page(request, form, spec.title, spec.danger, tenant, status=400)
    if not _confirming(request):
        return _action_page(request, form, spec.title, spec.danger, tenant, confirm=True)
    try:
        with audit.acting_as(request.user):
            spec.run(tenant.path, form.cleaned_data)
    except TenantError as exc:
        return _action_page(request, form, spec.title, spec.danger, tenant, error=str(exc), status=400)
    messages.success(request, spec.done)
    if action == "xoa":
        return redirect("console:register")
    moved = Tenant.objects.filter(pk=tenant.pk).values_list("path", flat=True).first() or tenant.path
    return redirect("console:site", path=moved)


@staff_required
def create(request: HttpRequest) -> HttpResponse:
    title = _("Tạo đơn vị mới")
    form = console_forms.CreateForm(request.POST or None, initial={"parent": request.GET.get("parent", "")})
    if request.method != "POST":
        return _action_page(request, form, title, False)
    if not form.is_valid():
        return _action_page(request, form, title, False, status=400)
    if not _confirming(request):
        return _action_page(request, form, title, False, confirm=True)
    data = form.cleaned_data
    spec = TenantSpec(
        name=data["name"],
        name_en=data["name_en"],
        slug=data["slug"],
        kind=data["kind"],
        parent_path=data["parent"] or None,
        hostname=data["hostname"] or None,
        admin_username=data["admin_username"],
        admin_password=data["admin_password"],
        admin_email=data["admin_email"],
    )
    try:
        accounts.check_new_password(data["admin_password"], data["admin_username"])
        with audit.acting_as(request.user):
            tenant = provision_tenant(spec)
    except TenantError as exc:
        return _action_page(request, form, title, False, error=str(exc), status=400)
    messages.success(request, _("Đã tạo đơn vị %(name)s.") % {"name": tenant.name})
    return redirect("console:site", path=tenant.path)


# Merging communes (restructuring): form → dry-run preview → confirmed POST starts the job → job page.
def _merge_page(request, form, plan=None, error="", status=200):
    context = {"form": form, "plan": plan, "sources": merging.preview(plan) if plan else [], "error": error}
    context["jobs"] = [] if plan else merging.recent_jobs()
    return render(request, "console/merge.html", context, status=status)


@staff_required
def merge(request: HttpRequest) -> HttpResponse:
    form = console_forms.MergeForm(request.POST or None, initial={"sources": request.GET.get("nguon", "")})
    if request.method != "POST":
        return _merge_page(request, form)
    if not form.is_valid():
        return _merge_page(request, form, status=400)
    try:
        plan = merging.plan_from_form(form.cleaned_data)  # reads only: the preview changes nothing
    except TenantError as exc:
        return _merge_page(request, form, error=str(exc), status=400)
    if not _confirming(request):
        return _merge_page(request, form, plan=plan)
    job = merging.start(plan, form.cleaned_data, request.user.get_username())
    messages.success(request, _("Đã bắt đầu sáp nhập; trang này cho biết tiến độ và nhật ký."))
    return redirect("console:merge_job", job_id=job.pk)


@staff_required
def merge_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = merging.find_job(job_id)
    if job is None:
        raise Http404
    target = Tenant.objects.filter(path=job.target).first()
    context = {"job": job, "state": merging.job_state(job), "target": target, "finished": job.finished_at is not None}
    return render(request, "console/merge_job.html", context)


# Accounts across sites.
ACCOUNT_ACTIONS = {
    "khoa": (_("Khoá tài khoản"), console_forms.ConfirmOnlyForm, lambda p, u, d: accounts.set_active(p, u, False)),
    "mo-khoa": (_("Mở khoá tài khoản"), console_forms.ConfirmOnlyForm, lambda p, u, d: accounts.set_active(p, u, True)),
    "dat-lai-mat-khau": (
        _("Đặt lại mật khẩu"),
        console_forms.PasswordForm,
        lambda p, u, d: accounts.reset_password(p, u, d["password"]),
    ),
    "vai-tro": (_("Đổi vai trò"), console_forms.RoleForm, lambda p, u, d: accounts.move_role(p, u, d["role"])),
}


@staff_required
def site_accounts(request: HttpRequest, path: str) -> HttpResponse:
    tenant = _site_or_404(path)
    form = console_forms.AccountCreateForm(request.POST or None)
    error, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                with audit.acting_as(request.user):
                    accounts.create_account(
                        tenant.path, data["username"], data["password"], data["role"], data["full_name"], data["email"]
                    )
            except TenantError as exc:
                error, status = str(exc), 400
            else:
                messages.success(request, _("Đã tạo tài khoản."))
                return redirect("console:accounts", path=tenant.path)
        else:
            status = 400
    _tenant, rows = accounts.site_accounts(tenant.path)
    context = {"tenant": tenant, "accounts": rows, "form": form, "error": error, "actions": ACCOUNT_ACTIONS}
    return render(request, "console/accounts.html", context, status=status)


@staff_required
def account_action(request: HttpRequest, path: str, user_id: int, action: str) -> HttpResponse:
    if action not in ACCOUNT_ACTIONS:
        raise Http404
    title, form_class, run = ACCOUNT_ACTIONS[action]
    tenant = _site_or_404(path)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return _action_page(request, form, title, False, tenant)
    if not form.is_valid():
        return _action_page(request, form, title, False, tenant, status=400)
    if not _confirming(request):
        return _action_page(request, form, title, False, tenant, confirm=True)
    try:
        with audit.acting_as(request.user):
            run(tenant.path, user_id, form.cleaned_data)
    except TenantError as exc:
        return _action_page(request, form, title, False, tenant, error=str(exc), status=400)
    messages.success(request, _("Đã lưu thay đổi tài khoản."))
    return redirect("console:accounts", path=tenant.path)


@staff_required
def people(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    return render(request, "console/people.html", {"query": query, "found": accounts.find_people(query)})


# Audit log.
def _date(value: str):
    try:
        return parse_date(value.strip()) if value else None
    except ValueError:  # well-formed but impossible (2026-02-30): no filter
        return None


def _audit_filters(request: HttpRequest) -> dict:
    return {
        "actor": request.GET.get("actor", "").strip(),
        "action": request.GET.get("action", "").strip(),
        "site": request.GET.get("site", "").strip(),
        "since": _date(request.GET.get("since", "")),
        "until": _date(request.GET.get("until", "")),
    }


@staff_required
def audit_log(request: HttpRequest) -> HttpResponse:
    filters = _audit_filters(request)
    found = audit.entries(**filters)[:500]
    csv_url = reverse("console:audit_csv") + ("?" + request.GET.urlencode() if request.GET else "")
    context = {"entries": found, "filters": filters, "actions": audit.actions(), "csv_url": csv_url}
    return render(request, "console/audit.html", context)


@staff_required
def audit_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nhat-ky-bang-dieu-khien.csv"'
    response.write("\ufeff")  # spreadsheet programs read the BOM as UTF-8
    audit.write_csv(audit.entries(**_audit_filters(request)), response)
    return response


# Lockouts of every site.
@staff_required
def lockouts(request: HttpRequest) -> HttpResponse:
    """Failed and locked sign-ins of every site (console included), with an unlock action."""
    return render(
        request,
        "console/lockouts.html",
        {
            "attempts": lockouts_across_sites(),
            "can_unlock": True,
            "show_site": True,
            "unlock_url": reverse("console:unlock"),
        },
    )


@staff_required
@require_POST
def unlock(request: HttpRequest) -> HttpResponse:
    try:
        attempt_id = int(request.POST.get("attempt", ""))
    except ValueError:
        attempt_id = 0
    schema = request.POST.get("schema", "")
    if unlock_in_site(schema, attempt_id):
        with audit.acting_as(request.user):
            audit.record("unlock", "", {"schema": schema}, {"attempt": attempt_id})
        messages.success(request, _("Đã mở khoá đăng nhập."))
    else:
        messages.error(request, _("Không tìm thấy lượt đăng nhập sai này (có thể đã hết hạn khoá)."))
    return redirect("console:lockouts")


# Compliance dashboard (issue 14 item 5): read from the stored snapshots, never evaluated per request.
def _sort_columns(current: str, query: str) -> dict:
    """Per sortable column: the link that sorts by it (the other way round when it is the current sort)
    and its ``aria-sort`` value."""
    prefix = f"?{query}&sap-xep=" if query else "?sap-xep="
    columns = {}
    for key in ("ten", "diem", "thieu", "muon", "ngay"):
        ascending, descending = current == key, current == f"-{key}"
        columns[key] = {
            "url": prefix + (f"-{key}" if ascending else key),
            "aria": "ascending" if ascending else "descending" if descending else "none",
        }
    return columns


@staff_required
def compliance_dashboard(request: HttpRequest) -> HttpResponse:
    filters = compliance_board.parse_filters(request.GET)
    page = compliance_board.dashboard_page(filters, request.GET.get("trang", 1))
    kept = request.GET.copy()
    kept.pop("trang", None)
    unsorted = kept.copy()
    unsorted.pop("sap-xep", None)
    context = {
        "page": page,
        "filters": filters,
        "query_string": kept.urlencode(),
        "kinds": console_forms.SITE_KINDS,
        "columns": _sort_columns(filters.sort, unsorted.urlencode()),
    }
    province = compliance_trends.province_trends()
    context.update(
        {
            "average_chart": charts.chart(province.average_score, top=100),
            "province_late_chart": charts.chart(province.late_items, kind="bar"),
            "bands_chart": charts.chart(province.score_bands, kind="bar"),
        }
    )
    return render(request, "console/compliance/dashboard.html", context)


@staff_required
def compliance_rollups(request: HttpRequest) -> HttpResponse:
    return render(request, "console/compliance/rollups.html", {"rollups": compliance_board.rollups()})


@staff_required
def compliance_site(request: HttpRequest, path: str) -> HttpResponse:
    tenant = _site_or_404(path)
    snapshot = compliance.latest_snapshot(tenant)
    history = compliance.history(tenant)
    monthly = compliance_trends.site_trends(tenant)
    context = {
        "tenant": tenant,
        "snapshot": snapshot,
        "findings": compliance_board.findings_of(snapshot),
        "score_chart": charts.chart([(s.day.strftime("%d/%m/%Y"), float(s.score)) for s in history], top=100),
        "late_chart": charts.chart(compliance_trends.late_per_month(history), kind="bar"),
        "publications_chart": charts.chart(monthly.publications, kind="bar"),
        "questions_chart": charts.grouped_chart(
            [_("Đã tiếp nhận"), _("Đã trả lời"), _("Quá hạn")],
            [monthly.questions_received, monthly.questions_answered, monthly.questions_late],
        ),
    }
    return render(request, "console/compliance/site.html", context)


@staff_required
@require_POST
def compliance_refresh(request: HttpRequest, path: str) -> HttpResponse:
    tenant = _site_or_404(path)
    with audit.acting_as(request.user):
        snapshot = compliance_board.refresh_one(tenant)
    if snapshot is None:
        messages.error(request, _("Không kiểm tra được trang này; lỗi đã được ghi lại, xin thử lại sau."))
    else:
        messages.success(request, _("Đã kiểm tra lại: %(score)s điểm.") % {"score": snapshot.score})
    return redirect("console:compliance_site", path=tenant.path)


@staff_required
def compliance_report(request: HttpRequest, path: str) -> HttpResponse:
    """The activity report of a site and its subtree for a period (``?ky=2026-Q3``): a printable page,
    CSV with ``&dinh-dang=csv`` or PDF with ``&dinh-dang=pdf``. A bad period is refused with status 400."""
    tenant = _site_or_404(path)
    period = request.GET.get("ky", "").strip() or str(timezone.localdate().year)
    try:
        start, end = compliance_reports.period_bounds(period)
    except compliance_reports.PeriodError as exc:
        return render(
            request,
            "console/compliance/report.html",
            {"tenant": tenant, "period": period, "error": str(exc)},
            status=400,
        )
    activity = compliance_reports.subtree_activity(tenant, start, end)
    if request.GET.get("dinh-dang") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="bao-cao-{tenant.path}-{period}.csv"'
        response.write("\ufeff")
        compliance_reports.write_csv(activity, response)
        return response
    if request.GET.get("dinh-dang") == "pdf":
        response = HttpResponse(compliance_reports.render_pdf(activity), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="bao-cao-{tenant.path}-{period}.pdf"'
        return response
    sections = compliance_reports.sections_html(activity)
    context = {"tenant": tenant, "period": period, "activity": activity, "sections": sections}
    return render(request, "console/compliance/report.html", context)
