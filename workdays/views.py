"""Province-IT console pages for the working-day calendar (platform host, staff only)."""

from __future__ import annotations

from datetime import date

from django.db.models.functions import ExtractYear
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.access import staff_required

from .forms import HolidayForm, WorkdayForm
from .models import CompensatoryWorkday, PublicHoliday

KINDS = {"ngay-nghi": (PublicHoliday, HolidayForm), "ngay-lam-bu": (CompensatoryWorkday, WorkdayForm)}


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("nam", ""))
    except ValueError:
        return date.today().year


def _kind(kind: str):
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


def _back(year: int) -> str:
    return f"{reverse('workdays:calendar')}?nam={year}"


@staff_required
def calendar_view(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    forms = {"ngay-nghi": HolidayForm(prefix="ngay-nghi"), "ngay-lam-bu": WorkdayForm(prefix="ngay-lam-bu")}
    if request.method == "POST":
        kind = request.POST.get("loai", "")
        model, form_class = _kind(kind)
        form = form_class(request.POST, prefix=kind)
        if form.is_valid():
            saved = form.save()
            return redirect(_back(saved.date.year))
        forms[kind] = form
    years = sorted(set(PublicHoliday.objects.annotate(y=ExtractYear("date")).values_list("y", flat=True)) | {year})
    context = {
        "year": year,
        "years": years,
        "holidays": PublicHoliday.objects.filter(date__year=year),
        "workdays": CompensatoryWorkday.objects.filter(date__year=year),
        "holiday_form": forms["ngay-nghi"],
        "workday_form": forms["ngay-lam-bu"],
    }
    return render(request, "workdays/calendar.html", context, status=200 if request.method == "GET" else 400)


@staff_required
def edit_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model, form_class = _kind(kind)
    obj = get_object_or_404(model, pk=pk)
    form = form_class(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        return redirect(_back(saved.date.year))
    return render(
        request,
        "workdays/edit.html",
        {"form": form, "obj": obj, "kind": kind},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
@require_POST
def delete_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model, _form = _kind(kind)
    obj = get_object_or_404(model, pk=pk)
    year = obj.date.year
    obj.delete()
    return redirect(_back(year))
