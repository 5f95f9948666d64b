"""The public rating form (linked from the footer) and the editors' monthly report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.client import client_ip
from core.ratelimit import fingerprint

from ..forms import RatingForm
from ..guard import rate_limit_exceeded
from ..models.ratings import CRITERIA
from ..services.ratings import monthly_results, submit_rating


def rate_site(request: HttpRequest) -> HttpResponse:
    form = RatingForm(request.POST or None)
    context = {"form": form, "criteria": CRITERIA, "results": monthly_results(6)}
    if request.method != "POST":
        return render(request, "participation/rating.html", context)
    if not form.is_valid():  # a failed attempt is not counted against the rate limit
        context["form_error"] = _("Đánh giá chưa được gửi. Vui lòng sửa các lỗi bên dưới.")
        return render(request, "participation/rating.html", context, status=400)
    if rate_limit_exceeded(request, "rating"):
        context["form_error"] = _("Bạn đã gửi quá nhiều đánh giá trong thời gian ngắn. Vui lòng thử lại sau.")
        return render(request, "participation/rating.html", context, status=429)
    submit_rating(form.cleaned_data, fingerprint(client_ip(request)))
    # Post/redirect/get: the thanks travel in a message to the form's GET, so a reload files nothing.
    messages.success(request, _("Cảm ơn bạn đã đánh giá."), extra_tags="rating")
    return HttpResponseRedirect(request.path, status=303)


def rating_report(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("participation.view_siterating"):
        raise PermissionDenied
    return render(
        request,
        "participation/admin/rating_report.html",
        {
            "results": monthly_results(None),
            "criteria": CRITERIA,
            "page_title": _("Kết quả đánh giá của người dân"),
            "header_icon": "pick",
        },
    )
