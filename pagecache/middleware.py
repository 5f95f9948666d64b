"""Answers anonymous GETs of public pages from the page cache (``pagecache.store``), keeps the
pages it may (``pagecache.rules``) and sets the caching headers (``pagecache.headers``).

Placed after the authentication, CSRF and locale middleware (it reads the language they chose and
sees the CSRF flag a form sets) and inside the visitor counter (a page from the cache is counted like
a rendered one), and inside the CSP middleware: a kept page's nonce is a mark that each hit fills with
a nonce of its own. ``X-Page-Cache`` says ``hit``, ``miss`` (kept now) or ``bypass``.
"""

from __future__ import annotations

from django.utils.translation import get_language

from . import headers, rules, store


def lookup(request):
    return store.lookup(
        request.tenant.schema_name,
        f"{request.scheme}://{request.get_host().lower()}",
        getattr(request, "LANGUAGE_CODE", None) or get_language() or "",
        request.path,
        request.GET.urlencode() if request.GET else "",
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not rules.enabled():
            return self.get_response(request)
        slot = None
        if rules.request_is_cacheable(request):
            slot, page = lookup(request)
            if page is not None:
                response = headers.public(request, page.response(lambda: getattr(request, "csp_nonce", "")), page)
                response["X-Page-Cache"] = "hit"
                return response
        response = self.get_response(request)
        if slot is not None and rules.response_is_cacheable(request, response):
            page = store.CachedPage.of(response, getattr(request, "_csp_nonce", None))  # set once read
            slot.put(page)
            response = headers.public(request, response, page)
            response["X-Page-Cache"] = "miss"
            return response
        if request.method in ("GET", "HEAD") and response.get("Content-Type", "").startswith("text/html"):
            headers.private(response)
            response["X-Page-Cache"] = "bypass"
        return response
