"""Request set-up of the single-schema baseline: ``request.tenant`` as the templates expect it."""
from tenants.models import Tenant

SITE = Tenant(name="Tỉnh Một Schema", name_en="Single Schema Province", slug="motschema", kind="province",
              path="motschema", schema_name="public")


class SingleSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.tenant = SITE
        return self.get_response(request)
