"""Thin views: robots.txt per tenant (D17), the legal register's search (D6, registered on its page
type: see ``core.page_views``), the admin form that withdraws a legal document (D6) and the admin import
of dossier figures from a CSV export of the national public service portal (D15)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from pagecache.fragments import site_fragment

from .forms import DocumentSearchForm
from .models import GazetteIssue, GazettePage, LegalDocumentIndexPage, LegalDocumentPage
from .models.base import paginate
from .services.attachments import attachment_snippets
from .services.dossiers import import_dossier_csv
from .services.gazette import gazette_issues, gazette_years
from .services.legal import search_documents, withdraw_document

REGISTER_PAGE_SIZE = 20
GAZETTE_PAGE_SIZE = 10  # issues per page of the gazette


@require_GET
def robots_txt(request) -> HttpResponse:
    """robots.txt of this tenant, pointing to this tenant's own sitemap."""
    sitemap = request.build_absolute_uri("/sitemap.xml")
    body = "\n".join(["User-agent: *", "Disallow: /admin/", "Disallow: /api/", "Allow: /", f"Sitemap: {sitemap}", ""])
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


@LegalDocumentIndexPage.page_views.register("register")
def legal_register(page: LegalDocumentIndexPage, request, context: dict) -> None:
    """The register's search form (GET, bookmarkable) and the requested page of its results."""
    kept = _register_filters(page)
    form = DocumentSearchForm(request.GET or None, locale=page.locale_id, gazette=kept["gazette"])
    form.show_filter_lists(kept["lists"])
    results = search_documents(page, form)
    documents = paginate(request, results, per_page=REGISTER_PAGE_SIZE)
    documents.object_list = list(documents.object_list)
    query = form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else ""
    found = attachment_snippets(documents.object_list, query) if query else {}
    for doc in documents.object_list:  # where the words were found only in an attached file
        doc.found_in_file = found.get(doc.pk)
    context.update(form=form, documents=documents, total=documents.paginator.count)  # counted once


def _register_filters(page: LegalDocumentIndexPage) -> dict:
    """Whether the site has a gazette, and the rows of the register's list filters (issuing bodies,
    document types, fields, gazette issues), kept with the site's fragments (``pagecache.fragments``):
    a document published or unpublished, or a row of those lists written, makes them stale."""

    def build() -> dict:
        form = DocumentSearchForm(locale=page.locale_id, gazette=GazetteIssue.objects.exists())
        return {"gazette": "gazette" in form.fields, "lists": form.filter_lists()}

    return site_fragment(f"register-filters:{page.locale_id}:{translation.get_language()}", build)


@GazettePage.page_views.register("issues")
def gazette_page(page: GazettePage, request, context: dict) -> None:
    """The gazette's issues (``?year=`` keeps one year; a year that is not listed shows every year)."""
    years = gazette_years()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    year = year if year in years else None
    issues = paginate(request, gazette_issues(page, year), per_page=GAZETTE_PAGE_SIZE)
    context.update(issues=issues, year_choices=[(y, y) for y in years], year=year)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do thu hồi"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    request_received_at = forms.DateTimeField(
        label=gettext_lazy("Thời điểm nhận yêu cầu thu hồi"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    requesting_unit = forms.CharField(label=gettext_lazy("Đơn vị yêu cầu"), max_length=200, required=False)


def withdraw_document_view(request, page_id: int):
    page = get_object_or_404(LegalDocumentPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw_document(
                page,
                request.user,
                form.cleaned_data["reason"],
                request_received_at=form.cleaned_data["request_received_at"],
                requesting_unit=form.cleaned_data["requesting_unit"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Đã thu hồi văn bản “%(title)s”; tệp đính kèm không còn công khai.") % {"title": page.title}
            )
            return redirect(reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
    return render(request, "sites/admin/withdraw_document.html", {"page": page, "form": form})


class DossierImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp CSV"),
        help_text=gettext_lazy("Xuất từ Cổng Dịch vụ công quốc gia; UTF-8, phân cách bằng dấu phẩy hoặc chấm phẩy."),
    )


DOSSIER_IMPORT_PERMISSIONS = ("portal.add_dossierstatistics", "portal.change_dossierstatistics")


def import_dossiers_view(request):
    """The board imports dossier figures from a CSV file: all or nothing, every problem listed by line."""
    if not request.user.has_perms(DOSSIER_IMPORT_PERMISSIONS):
        raise PermissionDenied
    form = DossierImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_dossier_csv(upload.read(), request.user, filename=upload.name)
        if result.ok:
            messages.success(
                request,
                _("Đã nhập %(count)d dòng số liệu (%(created)d mới, %(updated)d cập nhật).")
                % {"count": result.stored, "created": result.created, "updated": result.updated},
            )
            return redirect(reverse("wagtailsnippets_portal_dossierstatistics:list"))
        problems = [str(problem) for problem in result.problems]
        messages.error(request, _("Không nhập được tệp: chưa lưu dòng nào. Sửa các lỗi dưới đây rồi nhập lại."))
    return render(
        request,
        "sites/admin/import_dossiers.html",
        {"form": form, "problems": problems},
        status=400 if problems else 200,
    )
