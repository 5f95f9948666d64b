"""Comment submission on a draft (POST to the ConsultationPage's own URL) and the comment form shown
on it; both are registered on the page type (``core.page_views``), which does not import them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.client import client_ip
from core.ratelimit import fingerprint

from ..forms import CommentForm
from ..guard import rate_limit_exceeded
from ..models import ConsultationPage
from ..services import consultations


def _render(page: ConsultationPage, request: HttpRequest, status: int, **extra) -> HttpResponse:
    context = page.get_context(request)
    context.update(extra)
    return TemplateResponse(request, page.get_template(request), context, status=status)


@ConsultationPage.page_views.register("form")
def comment_form_context(page: ConsultationPage, request: HttpRequest, context: dict) -> None:
    context.setdefault("form", CommentForm())
    context["counts"] = consultations.comment_counts(page)


@ConsultationPage.page_views.register("comment")
def submit_comment(page: ConsultationPage, request: HttpRequest) -> HttpResponse:
    form = CommentForm(request.POST)
    if not page.is_open():
        return _render(
            page, request, 403, form=form, form_error=_("Đợt lấy ý kiến đã kết thúc; góp ý không còn được tiếp nhận.")
        )
    if not form.is_valid():  # a failed attempt is not counted against the rate limit
        return _render(
            page, request, 400, form=form, form_error=_("Góp ý chưa được gửi. Vui lòng sửa các lỗi bên dưới.")
        )
    if rate_limit_exceeded(request, "comment"):
        return _render(
            page,
            request,
            429,
            form=form,
            form_error=_("Bạn đã gửi quá nhiều góp ý trong thời gian ngắn. Vui lòng thử lại sau ít phút."),
        )
    try:
        consultations.submit_comment(page, form.cleaned_data, fingerprint(client_ip(request)))
    except consultations.ConsultationClosed:
        return _render(
            page, request, 403, form=form, form_error=_("Đợt lấy ý kiến đã kết thúc; góp ý không còn được tiếp nhận.")
        )
    # Post/redirect/get: the thanks travel in a message to the page's GET, so a reload files nothing
    # (the messages cookie keeps that one answer out of the page cache).
    messages.success(
        request, _("Cảm ơn bạn. Ý kiến đã được tiếp nhận và sẽ được công bố sau khi kiểm duyệt."), extra_tags="comment"
    )
    return HttpResponseRedirect(page.url + "#gui-gop-y", status=303)
