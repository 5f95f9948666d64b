"""The public form (``/gui-tin-bai/``), its receipt, and the board's actions in the admin (assigning is
the edit form's, ``intake.wagtail_hooks``): refuse with a reason, accept as a draft page, download an
attachment (permission-checked)."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from core.client import client_ip
from core.ratelimit import fingerprint
from participation.guard import rate_limit_exceeded

from . import services
from .forms import RefuseForm, SubmissionForm
from .models import Attachment, Submission
from .tasks import enqueue_notice

RECEIPT_SALT = "intake.received"
RECEIPT_MAX_AGE = 24 * 3600
RATE_ACTION = "submission"  # a per-client limit of its own, by the rule of every citizen form (participation.guard)


def _salt() -> str:
    return f"{RECEIPT_SALT}:{connection.schema_name}"


def submit(request: HttpRequest) -> HttpResponse:
    form = SubmissionForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method != "POST":
        response = render(request, "intake/submit.html", context)
        return response
    if not form.is_valid():  # a failed attempt is not counted against the rate limit
        context["form_error"] = _("Tin, bài chưa được gửi. Vui lòng sửa các lỗi bên dưới.")
        return render(request, "intake/submit.html", context, status=400)
    if rate_limit_exceeded(request, RATE_ACTION):
        context["form_error"] = _("Bạn đã gửi quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút.")
        return render(request, "intake/submit.html", context, status=429)
    submission = services.submit(
        form.cleaned_data, form.cleaned_data.get("files") or [], fingerprint(client_ip(request))
    )
    enqueue_notice(submission.pk)  # only now, the submission committed: a broker or mail failure loses nothing
    token = signing.dumps(submission.pk, salt=_salt())
    return HttpResponseRedirect(reverse("intake:received") + f"?t={token}", status=303)


def received(request: HttpRequest) -> HttpResponse:
    try:
        pk = signing.loads(request.GET.get("t", ""), salt=_salt(), max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    submission = Submission.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if submission is None:
        raise Http404
    response = render(request, "intake/received.html", {"submission": submission})
    add_never_cache_headers(response)  # one sender's tracking code: never kept by a cache
    return response


# --- admin ---------------------------------------------------------------------------------------


def _can_handle(request: HttpRequest) -> None:
    if not request.user.has_perm("intake.change_submission"):
        raise PermissionDenied


def _edit_url(submission: Submission) -> str:
    return reverse("intake_submission:edit", args=[submission.pk])


def _action_page(request, submission, template, form, status=200):
    return render(
        request,
        template,
        {
            "submission": submission,
            "form": form,
            "page_title": submission.title,
            "edit_url": _edit_url(submission),
            "index_url": reverse("intake_submission:index"),
        },
        status=status,
    )


def refuse(request: HttpRequest, pk: int) -> HttpResponse:
    _can_handle(request)
    submission = get_object_or_404(Submission, pk=pk)
    form = RefuseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.refuse(submission, form.cleaned_data["reason"], request.user)
        except services.IntakeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã từ chối tin, bài."))
        return HttpResponseRedirect(_edit_url(submission))
    return _action_page(request, submission, "intake/admin/refuse.html", form, 400 if request.method == "POST" else 200)


def accept(request: HttpRequest, pk: int) -> HttpResponse:
    _can_handle(request)
    submission = get_object_or_404(Submission, pk=pk)
    if request.method != "POST":
        return _action_page(request, submission, "intake/admin/accept.html", None)
    try:
        page = services.accept_as_draft(submission, request.user)
    except services.IntakeError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(_edit_url(submission))
    messages.success(request, _("Đã tạo bản nháp tin bài (chưa đăng). Hãy biên tập rồi gửi duyệt."))
    return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


def download_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("intake.view_attachment"):
        raise PermissionDenied
    attachment = get_object_or_404(Attachment, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    add_never_cache_headers(response)
    return response
