"""Views of login protection (thin: the rules are in lockout.py and second_factor.py).

- the page and collection password forms of Wagtail, run under the lockout;
- a site's admin: the second-factor step (enrol or verify) and the list of lockouts with their unlocking;
- the console's two-step login: password, then TOTP code; only then is the account signed in.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

import django_otp
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import views as wagtail_views
from wagtail.documents.views import serve as document_views

from . import lockout, second_factor

VIEW_PERMISSION = "axes.view_accessattempt"
UNLOCK_PERMISSION = "axes.delete_accessattempt"
PENDING_SESSION_KEY = "logins_pending_console_user"
PENDING_SECONDS = 300


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def _second_factor_context(user) -> dict:
    device = second_factor.confirmed_device(user)
    if device is not None:
        return {"enrolling": False}
    device = second_factor.enrolment_device(user)
    return {"enrolling": True, "qr_svg": second_factor.qr_svg(device), "manual_key": second_factor.manual_key(device)}


# Password forms of restricted pages and collections (no account behind them).
def page_password(request: HttpRequest, page_view_restriction_id: int, page_id: int) -> HttpResponse:
    return lockout.guarded(
        request, lockout.page_key(page_id), wagtail_views.authenticate_with_password, page_view_restriction_id, page_id
    )


def collection_password(request: HttpRequest, restriction_id: int) -> HttpResponse:
    return lockout.guarded(
        request, lockout.collection_key(restriction_id), document_views.authenticate_with_password, restriction_id
    )


# A site's admin (registered through wagtail_hooks: only accounts with admin access reach these).
def admin_second_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    home = reverse("wagtailadmin_home")
    if user.is_verified():
        return redirect(_safe_next(request, home))
    error = ""
    if request.method == "POST":
        device, locked = second_factor.check_code(request, user, request.POST.get("token", ""))
        if device is not None:
            django_otp.login(request, device)
            return redirect(_safe_next(request, home))
        error = _("Mã xác thực không đúng hoặc đã hết hạn.")
    context = {**_second_factor_context(user), "error": error, "next": _safe_next(request, home)}
    return render(request, "logins/admin_second_factor.html", context, status=200)


def admin_lockouts(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    return render(
        request,
        "logins/admin_lockouts.html",
        {
            "attempts": [{"attempt": attempt} for attempt in lockout.current_attempts()],
            "can_unlock": request.user.has_perm(UNLOCK_PERMISSION),
            "unlock_url": reverse("logins_unlock"),
            "cool_off_minutes": int(lockout.cool_off().total_seconds() // 60),
        },
    )


@require_POST
def admin_unlock(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(UNLOCK_PERMISSION):
        raise PermissionDenied
    try:
        attempt_id = int(request.POST.get("attempt", ""))
    except ValueError:
        attempt_id = 0
    if lockout.unlock(attempt_id):
        messages.success(request, _("Đã mở khoá đăng nhập."))
    else:
        messages.error(request, _("Không tìm thấy lượt đăng nhập sai này (có thể đã hết hạn khoá)."))
    return redirect("logins_lockouts")


# The console (platform host): password first, then the TOTP code, then the account is signed in.
class ConsoleLoginView(LoginView):
    """The console's password step; its template is the console's (``console.urls`` passes it)."""

    def form_valid(self, form):
        user = form.get_user()
        self.request.session.cycle_key()
        self.request.session[PENDING_SESSION_KEY] = {
            "id": user.pk,
            "backend": user.backend,
            "since": time.time(),
        }
        target = reverse("console:second_factor")
        next_url = self.get_redirect_url()
        return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)


def _pending_console_user(request: HttpRequest):
    pending = request.session.get(PENDING_SESSION_KEY)
    if not pending or time.time() - pending.get("since", 0) > PENDING_SECONDS:
        return None, None
    user = get_user_model().objects.filter(pk=pending["id"], is_active=True).first()
    return user, pending["backend"]


def console_second_factor(request: HttpRequest) -> HttpResponse:
    user, backend = _pending_console_user(request)
    if user is None:
        request.session.pop(PENDING_SESSION_KEY, None)
        return redirect("console:login")
    home = reverse("console:tree")
    error = ""
    context = _second_factor_context(user)
    if request.method == "POST":
        device, locked = second_factor.check_code(request, user, request.POST.get("token", ""), recovery=True)
        if device is not None:
            request.session.pop(PENDING_SESSION_KEY, None)
            auth_login(request, user, backend=backend)
            django_otp.login(request, device)
            if context["enrolling"]:  # just enrolled: the recovery codes, shown this once
                codes = second_factor.issue_recovery_codes(user)
                return render(
                    request, "logins/console_recovery_codes.html", {"codes": codes, "next": _safe_next(request, home)}
                )
            return redirect(_safe_next(request, home))
        error = _("Mã xác thực không đúng hoặc đã hết hạn.")
    context = {**context, "error": error, "next": _safe_next(request, home), "recovery": True}
    return render(request, "logins/console_second_factor.html", context)
