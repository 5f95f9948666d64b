"""Password reset of a site's admin: the mail's link points to the site's own host.

Wagtail builds the link from ``WAGTAILADMIN_BASE_URL`` (one value for the whole platform: the console
host) or from the request's ``Host`` (whose port a client chooses). Here it is the site's configured
primary domain through ``core.siteurl``, so each site's reset mail leads back to that site's admin.
"""

from __future__ import annotations

from django.http import HttpResponse
from wagtail.admin.views import account

from core.siteurl import site_origin


class SitePasswordResetView(account.PasswordResetView):
    email_template_name = "logins/password_reset_email.txt"

    def form_valid(self, form) -> HttpResponse:
        hostname = getattr(self.request, "tenant_primary_hostname", "") or ""
        self.extra_email_context = {"site_origin": site_origin(hostname)}
        return super().form_valid(form)
