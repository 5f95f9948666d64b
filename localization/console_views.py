"""Province-IT console pages (platform host, public schema): the glossary and the English coverage."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import staff_required

from .forms import GlossaryTermForm
from .models import GlossaryTerm
from .services.coverage import DUTIES, coverage_report


@staff_required
def glossary(request: HttpRequest) -> HttpResponse:
    form = GlossaryTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        term = form.save()
        messages.success(request, _("Đã thêm thuật ngữ “%(term)s”.") % {"term": term.vi})
        return redirect("localization_console:glossary")
    query = request.GET.get("q", "").strip()
    terms = GlossaryTerm.objects.all()
    if query:
        terms = terms.filter(Q(vi__icontains=query) | Q(en__icontains=query))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "localization/console/glossary.html", {"form": form, "terms": terms, "query": query}, status=status
    )


@staff_required
def glossary_edit(request: HttpRequest, pk: int) -> HttpResponse:
    term = get_object_or_404(GlossaryTerm, pk=pk)
    form = GlossaryTermForm(request.POST or None, instance=term)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu thuật ngữ “%(term)s”.") % {"term": term.vi})
        return redirect("localization_console:glossary")
    status = 400 if request.method == "POST" else 200
    return render(request, "localization/console/glossary_edit.html", {"form": form, "term": term}, status=status)


@staff_required
@require_POST
def glossary_delete(request: HttpRequest, pk: int) -> HttpResponse:
    term = get_object_or_404(GlossaryTerm, pk=pk)
    term.delete()
    messages.success(request, _("Đã xoá thuật ngữ “%(term)s”.") % {"term": term.vi})
    return redirect("localization_console:glossary")


@staff_required
def coverage(request: HttpRequest) -> HttpResponse:
    report = coverage_report()
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="english-coverage.csv"'
        writer = csv.writer(response)
        writer.writerow(["tenant", "name", "duty", "status", "page_id", "title"])
        for site in report:
            for item in site.items:
                writer.writerow([site.path, site.name, item.duty, item.status, item.page_id or "", item.title])
        return response
    rows = [{"site": site, "summaries": [site.duty_summary(duty) for duty in DUTIES]} for site in report]
    return render(request, "localization/console/coverage.html", {"rows": rows, "duties": DUTIES, "report": report})
