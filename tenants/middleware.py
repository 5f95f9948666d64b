"""Request routing middleware: picks the tenant schema from the Host header.

Compared with django-tenants' ``TenantMainMiddleware`` it does no query per request (cached
routing table), keeps the connection's schema — and so its ``search_path`` and ContentType cache —
when consecutive requests hit the same tenant, keeps one ContentType cache per schema (for the
most recently served schemas) instead of emptying the only one on every switch, answers unknown
hosts with the platform's own 404 page, and suspended or archived tenants with a bilingual 503 page.
"""
from collections import OrderedDict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.shortcuts import render
from django_tenants.middleware.main import TenantMainMiddleware

from .routing import routing_table


CONTENT_TYPE_CACHES = 64  # schemas whose ContentType cache a process keeps
_content_type_caches: OrderedDict[str, dict] = OrderedDict()
_caches_follow = {"loads": 0}  # a tenant created/deleted anywhere reloads the routes: drop the caches


def switch_tenant(tenant) -> None:
    """``connection.set_tenant`` with a ContentType cache per schema: ids differ between schemas, so
    django-tenants empties the one cache on every switch; here it empties a throwaway and the
    schema's own cache is put back."""
    manager = ContentType.objects
    manager._cache = {}
    connection.set_tenant(tenant)
    if _caches_follow["loads"] != routing_table.loads:
        _content_type_caches.clear()
        _caches_follow["loads"] = routing_table.loads
    cache = _content_type_caches.pop(tenant.schema_name, None)
    _content_type_caches[tenant.schema_name] = cache = {} if cache is None else cache
    if len(_content_type_caches) > CONTENT_TYPE_CACHES:
        _content_type_caches.popitem(last=False)
    manager._cache = cache


class TenantRoutingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            hostname = request.get_host().split(":")[0].lower()
        except DisallowedHost:
            return render(request, "tenants/unknown_host.html", {"hostname": ""}, status=404)
        route, tenant = routing_table.lookup(hostname)
        if route is None:
            return render(request, "tenants/unknown_host.html", {"hostname": hostname}, status=404)
        if route.status != "active" and route.schema_name != "public":
            response = render(request, "tenants/suspended.html", {"tenant": tenant}, status=503)
            response["Retry-After"] = "3600"
            return response
        if connection.schema_name != route.schema_name or connection.tenant is not tenant:
            switch_tenant(tenant)
        request.tenant = tenant
        request.tenant_hostname = hostname
        request.tenant_primary_hostname = route.primary_hostname
        TenantMainMiddleware.setup_url_routing(request)
        return self.get_response(request)
