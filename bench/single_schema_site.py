"""Request set-up of the single-schema baseline: what the platform's apps read about the current site
— ``request.tenant`` (templates) and ``connection.schema_name`` (e.g. the visitor counter) — as
constants; no schema is ever switched."""

from django.db import connection

from tenants.models import Tenant

SITE = Tenant(
    name="Tỉnh Một Schema",
    name_en="Single Schema Province",
    slug="motschema",
    kind="province",
    path="motschema",
    schema_name="motschema",
)


class SingleSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.tenant = SITE
        connection.schema_name = SITE.schema_name
        return self.get_response(request)
