"""Province-IT console views (thin: the data comes from tenants.services)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import staff_required
from core.requestlog import request_id_of

from .services.lockouts import lockouts_across_sites, unlock_in_site
from .services.registry import tenant_tree_rows


def tenant_tree(request):
    """Public list of every site of the province; status and admin links for signed-in staff."""
    return render(request, "tenants/tree.html", {"rows": tenant_tree_rows(), "is_staff": request.user.is_staff})


def platform_robots_txt(request) -> HttpResponse:
    """The console is not for search engines; the sites publish their own robots.txt and sitemap."""
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain; charset=utf-8")


def bad_request(request, exception=None) -> HttpResponse:
    """The platform's own 400 page on every host (``handler400``): a malformed upload, a body over the
    size limits, any other SuspiciousOperation. Reads nothing from the request body."""
    return render(request, "tenants/bad_request.html", {"request_id": request_id_of(request)}, status=400)


def platform_not_found(request, exception=None) -> HttpResponse:
    """The platform host's own 404 page (``handler404`` of ``config.urls_public``)."""
    return render(request, "tenants/platform_404.html", status=404)


@staff_required
def lockouts(request):
    """Failed and locked sign-ins of every site (console included), with an unlock action."""
    return render(
        request,
        "tenants/lockouts.html",
        {
            "attempts": lockouts_across_sites(),
            "can_unlock": True,
            "show_site": True,
            "unlock_url": reverse("console:unlock"),
        },
    )


@staff_required
@require_POST
def unlock(request):
    try:
        attempt_id = int(request.POST.get("attempt", ""))
    except ValueError:
        attempt_id = 0
    if unlock_in_site(request.POST.get("schema", ""), attempt_id):
        messages.success(request, _("Đã mở khoá đăng nhập."))
    else:
        messages.error(request, _("Không tìm thấy lượt đăng nhập sai này (có thể đã hết hạn khoá)."))
    return redirect("console:lockouts")
