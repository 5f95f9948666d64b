"""The absolute base URL of a site — one rule for links, search results and the console.

A site's URLs are built from its configured primary domain (never from the request's ``Host``, whose
port a client chooses) and the one ``TENANT_SITE_PORT`` setting, which is also the port of the site's
Wagtail Site: ``https`` on 443, ``http`` otherwise; no port in the URL on 80 or 443.
"""

from __future__ import annotations

from django.conf import settings

DEFAULT_PORTS = (80, 443)


def site_port() -> int:
    return int(getattr(settings, "TENANT_SITE_PORT", 80))


def site_origin(hostname: str, scheme: str | None = None) -> str:
    """``scheme://hostname[:port]`` without a trailing slash ("" for an empty hostname)."""
    if not hostname:
        return ""
    port = site_port()
    scheme = scheme or ("https" if port == 443 else "http")
    return f"{scheme}://{hostname}" if port in DEFAULT_PORTS else f"{scheme}://{hostname}:{port}"


def site_url(hostname: str, scheme: str | None = None) -> str:
    """The site's home page URL, ending in "/" ("" for an empty hostname)."""
    origin = site_origin(hostname, scheme)
    return f"{origin}/" if origin else ""
