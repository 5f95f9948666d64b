"""Read-only JSON API of one site (D30): documents, services, news and contacts; documents and news
carry their contributors (role and name, as the byline: no account or personal data).

Plain Django views following the platform's JSON convention (``core.api``, docs/api.md): GET only,
validated parameters (400 JSON on bad input), page size capped, per-client rate limit, no CORS
header unless ``API_CORS_ORIGINS`` lists the requesting origin. Only live, public pages are exposed; a withdrawn document never exposes files.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.models import Locale

from contributors.models import Credited, Role
from core import api as core_api
from core.api import ApiError

from ..models import ContactDirectoryPage, LegalDocumentPage, NewsPage, Official, ServicePage
from ..services.legal import filter_documents, published_documents
from .forms import ApiForm, ContactApiForm, DocumentApiForm, NewsApiForm, ServiceApiForm

ALWAYS_ALLOWED = {"page", "page_size", "lang"}


def _limit() -> int:
    return int(getattr(settings, "API_RATE_LIMIT_PER_MINUTE", 120))


# GET only, error envelope, rate limit per client and per site (cache keys carry the schema), CORS.
api_view = core_api.api_view("site", _limit)


def _validated(request, form_class, **form_kwargs) -> dict:
    allowed = set(form_class.base_fields) | ALWAYS_ALLOWED
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        raise ApiError(
            _("Tham số không hợp lệ: %(names)s. Tham số được phép: %(allowed)s.")
            % {"names": ", ".join(unknown), "allowed": ", ".join(sorted(allowed))}
        )
    form = form_class(request.GET, **form_kwargs)
    if not form.is_valid():
        details = {field: [str(message) for message in messages] for field, messages in form.errors.items()}
        raise ApiError(_("Tham số không hợp lệ."), details=details)
    return form.cleaned_data


def _locale(data: dict) -> Locale:
    code = data.get("lang") or settings.LANGUAGE_CODE
    try:
        return Locale.objects.get(language_code=code)
    except Locale.DoesNotExist as error:
        raise ApiError(_("Ngôn ngữ không được hỗ trợ.")) from error


def _page(request, items, data: dict, serialize: Callable) -> dict:
    paginator = Paginator(items, data["page_size"])
    number = data.get("page") or 1
    if number > max(paginator.num_pages, 1):
        raise ApiError(
            _("Trang %(page)s không tồn tại (có %(pages)s trang).") % {"page": number, "pages": paginator.num_pages},
            status=404,
        )
    page = paginator.page(number)
    return core_api.paginated(
        request,
        page=number,
        page_size=data["page_size"],
        has_next=page.has_next(),
        results=[serialize(request, item) for item in page.object_list],
        count=paginator.count,
        num_pages=paginator.num_pages,
    )


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _gazette(doc: LegalDocumentPage) -> dict | None:
    """The gazette issue the document was published in (``gazette_issue=<id>`` filters on it)."""
    issue = doc.gazette_issue if doc.gazette_issue_id else None
    if issue is None:
        return None
    return {
        "issue": issue.pk,
        "number": issue.number,
        "year": issue.year,
        "date": _date(issue.date),
        "page_from": doc.gazette_page_from,
        "page_to": doc.gazette_page_to,
    }


def _contributors(page: Credited) -> list[dict]:
    """Who made the item, as its byline shows it: the role and the name only — never the account, its
    e-mail or any other personal data."""
    labels = dict(Role.choices)
    return [{"role": role, "role_label": str(labels.get(role, role)), "name": name} for role, name in page.credits()]


def _document(request, doc: LegalDocumentPage) -> dict:
    return {
        "id": doc.pk,
        "url": doc.get_full_url(request),
        "title": doc.title,
        "number": doc.number,
        "doc_type": {"id": doc.doc_type_id, "name": doc.doc_type.name},
        "issuing_body": {"id": doc.issuing_body_id, "name": doc.issuing_body.name},
        "field": {"id": doc.field_id, "name": doc.field.name} if doc.field_id else None,
        "issue_date": _date(doc.issue_date),
        "effective_date": _date(doc.effective_date),
        "expiry_date": _date(doc.expiry_date),
        "summary": doc.summary,
        "signer": doc.signer,
        "status": doc.status,
        "replaced_by": doc.replaced_by.get_full_url(request) if doc.replaced_by_id and doc.replaced_by.live else None,
        "is_draft": doc.is_draft,
        "consultation_url": doc.consultation_page.get_full_url(request) if doc.consultation_page_id else None,
        "withdrawn_at": _date(doc.withdrawn_at),
        "gazette": _gazette(doc),
        "contributors": _contributors(doc),
        "files": [
            {
                "title": f.label or f.document.title,
                "url": request.build_absolute_uri(f.document.url),
                "extension": f.document.file_extension,
                "size": f.document.file_size,
                "sha256": f.sha256 or None,
                "signature": {"state": f.signature_state or None, "signatures": f.signatures},
            }
            for f in doc.public_files()
        ],
    }


def _service(request, service: ServicePage) -> dict:
    return {
        "id": service.pk,
        "url": service.get_full_url(request),
        "title": service.title,
        "code": service.code,
        "sector": {"id": service.sector_id, "name": service.sector.name} if service.sector_id else None,
        "agency": service.agency,
        "user_type": service.user_type,
        "level": service.level,
        "fee": service.fee,
        "processing_time": service.processing_time,
        "foreigner_usable": service.foreigner_usable,
        "online_url": service.online_url or None,
        "dossiers": service.totals(),
    }


def _news(request, item: NewsPage) -> dict:
    return {
        "id": item.pk,
        "url": item.get_full_url(request),
        "title": item.title,
        "date": _date(item.date),
        "summary": item.summary,
        "source": item.source,
        "source_url": item.source_url or None,
        "categories": [category.name for category in item.categories.all()],
        "contributors": _contributors(item),
    }


def _official(request, official: Official) -> dict:
    return {
        "name": official.name,
        "position": official.position,
        "unit": official.unit,
        "phone": official.phone,
        "fax": official.fax,
        "email": official.email,
        "page": official.page.get_full_url(request),
    }


@api_view
def index(request) -> dict:
    base = request.build_absolute_uri("/api/v1/")
    return {
        "name": _("API dữ liệu mở của %(site)s") % {"site": getattr(request.tenant, "name", "")},
        "version": "1",
        "documentation": "docs/api.md",
        "endpoints": {name: f"{base}{name}/" for name in ("documents", "services", "news", "contacts")},
    }


@api_view
def documents(request) -> dict:
    data = _validated(request, DocumentApiForm)
    docs = published_documents().filter(locale=_locale(data)).prefetch_related("files__document", "contributors")
    return _page(
        request, filter_documents(docs.select_related("replaced_by", "consultation_page"), data), data, _document
    )


@api_view
def document_detail(request, page_id: int) -> dict:
    data = _validated(request, ApiForm)
    doc = published_documents().filter(pk=page_id, locale=_locale(data)).first()
    if doc is None:
        raise Http404
    return _document(request, doc)


@api_view
def services(request) -> dict:
    data = _validated(request, ServiceApiForm)
    items = ServicePage.objects.live().public().filter(locale=_locale(data)).select_related("sector")
    if data.get("q"):
        items = items.filter(
            Q(title__icontains=data["q"]) | Q(summary__icontains=data["q"]) | Q(code__icontains=data["q"])
        )
    for name in ("user_type", "level", "agency", "code"):
        if data.get(name):
            items = items.filter(**{name: data[name]})
    if data.get("sector"):
        items = items.filter(sector_id=data["sector"])
    if data.get("foreigner_usable"):
        items = items.filter(foreigner_usable=data["foreigner_usable"] == "true")
    return _page(request, items.order_by("code", "pk"), data, _service)


@api_view
def news(request) -> dict:
    data = _validated(request, NewsApiForm)
    items = NewsPage.objects.live().public().filter(locale=_locale(data)).prefetch_related("categories", "contributors")
    if data.get("q"):
        items = items.filter(Q(title__icontains=data["q"]) | Q(summary__icontains=data["q"]))
    if data.get("category"):
        items = items.filter(categories__id=data["category"])
    if data.get("date_from"):
        items = items.filter(date__date__gte=data["date_from"])
    if data.get("date_to"):
        items = items.filter(date__date__lte=data["date_to"])
    return _page(request, items.order_by("-date", "-pk"), data, _news)


@api_view
def contacts(request) -> dict:
    data = _validated(request, ContactApiForm)
    pages = ContactDirectoryPage.objects.live().public().filter(locale=_locale(data))
    items = Official.objects.filter(page__in=pages).select_related("page")
    if data.get("q"):
        items = items.filter(Q(name__icontains=data["q"]) | Q(position__icontains=data["q"]))
    if data.get("unit"):
        items = items.filter(unit__icontains=data["unit"])
    return _page(request, items.order_by("page_id", "sort_order", "pk"), data, _official)
