"""Request routing middleware: picks the tenant schema from the Host header.

Compared with django-tenants' ``TenantMainMiddleware`` it does no query per request (cached
routing table), keeps the connection's schema when consecutive requests hit the same tenant (the
database backend, ``tenants.postgresql_backend``, makes switches cheap otherwise), answers unknown
hosts with the platform's own 404 page, keeps each site's Wagtail ``Site`` between requests (with the
routing table), suspended or archived tenants with a bilingual 503 page, and
every URL of a merged tenant's hostnames with a 301 to the page it became on its successor
(``tenants.routing.moved_location``; the merged schema is never opened).
``TenantRedirectMiddleware`` applies Wagtail's redirects on tenant sites only.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpResponsePermanentRedirect
from django.http.request import split_domain_port
from django.shortcuts import render
from django.utils.module_loading import import_string
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name
from wagtail.contrib.redirects.middleware import RedirectMiddleware

from core.requestmemo import request_scope

from .routing import kept_site, moved_location, routing_table

_loads_seen = {"routing": 0}


def _forget_content_types_when_tenants_change() -> None:
    """A tenant created or deleted anywhere reloads the routing table; a schema name may then stand
    for a new schema with other ContentType ids, so the per-schema caches are emptied."""
    if _loads_seen["routing"] != routing_table.loads:
        ContentType.objects.clear_cache()
        _loads_seen["routing"] = routing_table.loads


def _suspension_reason(tenant) -> str:
    """The reason shown on a suspended site's page, from the app named by ``TENANT_SUSPENSION_REASON``."""
    dotted = getattr(settings, "TENANT_SUSPENSION_REASON", "")
    return import_string(dotted)(tenant) if dotted else ""


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
        if route.status == "merged":
            location = moved_location(route, request.path, request.META.get("QUERY_STRING", ""))
            if location:
                return HttpResponsePermanentRedirect(location)
        if route.status != "active" and route.schema_name != "public":
            reason = _suspension_reason(tenant)
            response = render(request, "tenants/suspended.html", {"tenant": tenant, "reason": reason}, status=503)
            response["Retry-After"] = "3600"
            return response
        _forget_content_types_when_tenants_change()
        if connection.schema_name != route.schema_name or connection.tenant is not tenant:
            connection.set_tenant(tenant)
        request.tenant = tenant
        request.tenant_hostname = hostname
        request.tenant_primary_hostname = route.primary_hostname
        TenantMainMiddleware.setup_url_routing(request)
        return self._serve(request, route.schema_name)

    def _serve(self, request, schema_name: str):
        """The response, in a fresh per-request memo (``core.requestmemo``), with the site's Wagtail
        ``Site`` from the routing table (kept after the first request that looked it up)."""
        site_host, port = split_domain_port(request._get_raw_host())[0], request.get_port()
        kept, epoch = routing_table.site_values(schema_name, site_host, port), routing_table.epoch
        if kept is not None:
            request._wagtail_site = kept_site(kept)
        with request_scope():
            response = self.get_response(request)
        if kept is None and request.__dict__.get("_wagtail_site") is not None:
            routing_table.keep_site(schema_name, site_host, port, epoch, request.__dict__["_wagtail_site"])
        return response


class TenantRedirectMiddleware(RedirectMiddleware):
    """Wagtail's redirects live in each site's schema: the platform host (public schema) has none, so
    its 404s stay its own 404 page instead of a query on a table that is not there."""

    def process_response(self, request, response):
        if connection.schema_name == get_public_schema_name():
            return response
        return super().process_response(request, response)
