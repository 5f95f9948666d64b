"""Search page, JSON search API and the services roll-up of a site (thin: logic in services)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET

from core.api import ApiError, api_view, paginated

from . import rollups
from .forms import MAX_PAGE_SIZE, SearchForm
from .service import SearchRequest, SearchResults, preferred_language, search

log = logging.getLogger(__name__)
DEFAULT_PAGE_SIZE = 20


def province_path(path: str) -> str:
    return path.split(".", 1)[0]


def search_request_from(form: SearchForm, tenant) -> SearchRequest:
    data = form.cleaned_data
    scope = province_path(tenant.path) if data.get("scope") == "province" else tenant.path
    site = data.get("site") or None
    if site and not (site == scope or site.startswith(scope + ".")):
        site = None  # a facet outside the scope: ignore rather than widen the scope
    return SearchRequest(
        text=data.get("q", ""),
        scope=scope,
        site=site,
        kind=data.get("kind") or None,
        year=data.get("year"),
        language=data.get("language") or None,
        page=data.get("page") or 1,
        page_size=data.get("page_size") or DEFAULT_PAGE_SIZE,
        prefer_language=preferred_language(data.get("q", ""), get_language()),
    )


def _tenant(request: HttpRequest):
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name == "public":
        return None
    return tenant


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    tenant = _tenant(request)
    if tenant is None:
        return HttpResponse(status=404)
    form = SearchForm(request.GET or None)
    results: SearchResults | None = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            results = search(search_request_from(form, tenant))
        else:
            status = 400
    params = request.GET.copy()
    params.pop("page", None)
    province_wide = form.is_bound and form.is_valid() and form.cleaned_data.get("scope") == "province"
    context = {
        "form": form,
        "results": results,
        "tenant": tenant,
        "province_wide": province_wide,
        "is_province": "." not in tenant.path,
        "base_query": params.urlencode(),
    }
    if results is not None:
        context.update(
            facets=facet_links(params, results),
            first_index=(results.request.page - 1) * results.request.page_size + 1,
            province_link="" if province_wide or "." not in tenant.path else "?" + _with(params, "scope", "province"),
            suggestion_link="?" + _with(params, "q", results.suggestion) if results.suggestion else "",
        )
    return render(request, "search/search_page.html", context, status=status)


FACET_TITLES = {
    "kind": _lazy("Loại nội dung"),
    "site": _lazy("Đơn vị"),
    "year": _lazy("Năm"),
    "language": _lazy("Ngôn ngữ"),
}


def _with(params: QueryDict, name: str, value: str | None) -> str:
    changed = params.copy()
    changed.pop("page", None)
    if value is None:
        changed.pop(name, None)
    else:
        changed[name] = value
    return changed.urlencode()


def facet_links(params: QueryDict, results: SearchResults) -> list[dict]:
    """Each facet value with the stable URL that selects it (or removes the selection)."""
    facets = []
    for name, title in FACET_TITLES.items():
        current = params.get(name, "")
        values = [
            {
                "label": item.label,
                "count": item.count,
                "selected": item.value == current,
                "url": "?" + _with(params, name, None if item.value == current else item.value),
            }
            for item in results.facets.get(name, [])[:20]
        ]
        facets.append({"name": name, "title": title, "values": values, "exact": results.total_exact})
    return facets


def _hit_json(hit) -> dict:
    return {
        "title": hit.title,
        "url": hit.url,
        "kind": hit.kind,
        "kind_label": hit.kind_label,
        "site": {"path": hit.site_path, "name": hit.site_name},
        "date": hit.date.isoformat() if hit.date else None,
        "language": hit.language,
        "snippet_html": str(hit.snippet_html),
        "in_attachment": hit.in_attachment,
        "title_html": str(hit.title_html),
        "doc_number": hit.doc_number or None,
        "group": _group_json(hit.group),
    }


def _group_json(group) -> dict | None:
    if group is None:
        return None
    return {
        "code": group.code,
        "national_url": group.national_url or None,
        "site_count": group.site_count,
        "sites": [{"path": site.path, "name": site.name, "url": site.url} for site in group.sites],
    }


def _api_limit() -> int:
    return int(getattr(settings, "SEARCH_API_RATE_LIMIT_PER_MINUTE", 60))


@api_view("search", _api_limit)
def search_api(request: HttpRequest) -> dict:
    tenant = _tenant(request)
    if tenant is None:
        raise ApiError(_("Không có trang nào ở địa chỉ này."), 404)
    form = SearchForm(request.GET, strict=True)
    if not form.is_valid():
        raise ApiError(form.first_error())
    if not form.cleaned_data.get("q"):
        raise ApiError(_("Thiếu từ khóa tìm kiếm (tham số q)."))
    search_request = search_request_from(form, tenant)
    results = search(search_request)
    return paginated(
        request,
        page=search_request.page,
        page_size=search_request.page_size,
        has_next=results.has_next,
        results=[_hit_json(hit) for hit in results.hits],
        query={
            "q": search_request.text,
            "scope": search_request.scope,
            "site": search_request.site,
            "kind": search_request.kind,
            "year": search_request.year,
            "language": search_request.language,
        },
        max_page_size=MAX_PAGE_SIZE,
        total=results.total,
        total_exact=results.total_exact,
        did_you_mean=results.suggestion or None,
        facets={
            name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
            for name, values in results.facets.items()
        },
    )


@require_GET
def services_page(request: HttpRequest) -> HttpResponse:
    tenant = _tenant(request)
    if tenant is None:
        return HttpResponse(status=404)
    path = tenant.path
    sectors, levels = rollups.sector_and_level_choices(path)
    filters = rollups.ServiceFilters(
        sector=request.GET.get("sector", "") if request.GET.get("sector", "") in sectors else "",
        level=request.GET.get("level", "") if request.GET.get("level", "") in levels else "",
    )
    summary = rollups.services_rollup(path, filters)
    listing = rollups.services(path, filters).select_related("tenant").order_by("service_sector", "title", "id")
    page = Paginator(listing, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "search/services_page.html",
        {
            "tenant": tenant,
            "summary": summary,
            "page_obj": page,
            "filters": filters,
            "base_query": params.urlencode(),
            "sector_choices": [(sector, sector) for sector in sectors],
            "level_choices": [(level, level) for level in levels],
        },
    )
