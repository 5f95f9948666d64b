"""Province-IT console views (thin: the data comes from tenants.services.registry)."""

from django.http import HttpResponse
from django.shortcuts import render

from .services.registry import tenant_tree_rows


def tenant_tree(request):
    """Public list of every site of the province; status and admin links for signed-in staff."""
    return render(request, "tenants/tree.html", {"rows": tenant_tree_rows(), "is_staff": request.user.is_staff})


def platform_robots_txt(request) -> HttpResponse:
    """The console is not for search engines; the sites publish their own robots.txt and sitemap."""
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain; charset=utf-8")


def platform_not_found(request, exception=None) -> HttpResponse:
    """The platform host's own 404 page (``handler404`` of ``config.urls_public``)."""
    return render(request, "tenants/platform_404.html", status=404)
