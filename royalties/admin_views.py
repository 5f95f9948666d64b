"""Site admin screens of the head of the board (Trưởng ban only): the published pages of a period
still to grade, the grading form (one line per contributor), the grades, and the period statement as a
printable page or a CSV download. Thin: the rules are in ``services``."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from .forms import GradeLineFormSet
from .services import grading
from .services.errors import RoyaltyError
from .services.people import contributors_of
from .services.scales import categories_of, scale_for
from .services.statement import build_statement, statement_period, write_csv

PERIOD_PARAM = "ky"


def head_required(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not grading.is_head(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _period(request: HttpRequest) -> str:
    return request.GET.get(PERIOD_PARAM, "").strip() or timezone.localdate().strftime("%Y-%m")


@head_required
def to_grade(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    try:
        start, end = statement_period(period)
    except RoyaltyError as error:
        messages.error(request, str(error))
        return render(request, "royalties/admin/to_grade.html", {"period": period, "pages": []}, status=400)
    pages = list(grading.pages_to_grade(start, end).specific())
    return render(request, "royalties/admin/to_grade.html", {"period": period, "pages": pages})


@head_required
def grade(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page, pk=page_id).specific
    try:
        grading.check_gradable(page)
    except RoyaltyError as error:
        messages.error(request, str(error))
        return render(request, "royalties/admin/grade.html", {"page": page, "refused": True}, status=400)
    tenant = connection.tenant
    scale = scale_for(tenant)
    categories = categories_of(scale) if scale else []
    people = contributors_of(page)
    data = request.POST if request.method == "POST" else None
    formset = GradeLineFormSet(
        data, initial=[{} for _person in people], form_kwargs={"categories": categories}, prefix="lines"
    )
    rows = list(zip(people, formset.forms, strict=False))
    status = 200
    if data is not None:
        if formset.is_valid() and len(formset.forms) == len(people):
            lines = [
                grading.GradeLine(person, form.cleaned_data["category"], form.cleaned_data.get("coefficient"))
                for person, form in rows
            ]
            try:
                grading.grade_page(page, lines, request.user, tenant)
            except RoyaltyError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Đã chấm nhuận bút trang “%(title)s”.") % {"title": page.title})
                return redirect("royalties_admin:grades")
        else:
            messages.error(request, _("Chưa chấm được. Vui lòng sửa các lỗi bên dưới."))
        status = 400
    context = {"page": page, "scale": scale, "formset": formset, "rows": rows}
    return render(request, "royalties/admin/grade.html", context, status=status)


@head_required
def grades(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    try:
        start, end = statement_period(period)
    except RoyaltyError as error:
        messages.error(request, str(error))
        return render(request, "royalties/admin/grades.html", {"period": period, "grades": []}, status=400)
    rows = list(grading.grades_between(start, end))
    return render(request, "royalties/admin/grades.html", {"period": period, "grades": rows})


@head_required
def statement(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    try:
        report = build_statement(connection.tenant, period)
    except RoyaltyError as error:
        messages.error(request, str(error))
        return render(request, "royalties/admin/statement.html", {"period": period, "statement": None}, status=400)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="nhuan-but-{report.site_path}-{report.period}.csv"'
        write_csv(report, response)
        return response
    return render(request, "royalties/admin/statement.html", {"period": period, "statement": report})
