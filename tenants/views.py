"""Province-IT console views (thin: the data comes from tenants.services.registry)."""

from django.shortcuts import render

from .services.registry import tenant_tree_rows


def tenant_tree(request):
    """Public list of every site of the province; status and admin links for signed-in staff."""
    return render(request, "tenants/tree.html", {"rows": tenant_tree_rows(), "is_staff": request.user.is_staff})
