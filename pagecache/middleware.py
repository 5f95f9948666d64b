"""Answers anonymous GETs of public pages from the page cache (``pagecache.store``), keeps the
pages it may (``pagecache.rules``) and sets the caching headers (``pagecache.headers``).

Two middleware share one lookup per request:

* ``CacheHitMiddleware`` sits early, right after routing and the static files: a cached page is
  answered there, past only the middleware that still matter to it — ``PAGE_CACHE_HIT_MIDDLEWARE``
  (the language, which the key carries; the frame options; the visitor counter, so a page from the
  cache is counted like a rendered one). Sessions, CSRF, authentication, second factor and messages
  are skipped: a request with a session or messages cookie is never looked up (``rules``), so no
  signed-in user is ever answered here, and a hit takes no database connection.
* ``PageCacheMiddleware`` sits inside the counter, after authentication, CSRF and locale: it keeps a
  rendered page if it may (it sees the CSRF flag a form sets) and marks ``bypass`` pages private.

Both sit inside the CSP middleware: a kept page's nonce is a mark that each hit fills with a nonce of
its own.

``X-Page-Cache`` says ``hit``, ``miss`` (kept now) or ``bypass``.
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from . import headers, rules, store

DEFAULT_HIT_MIDDLEWARE = [
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]


def _key_of(request) -> tuple[str, str, str, str, str]:
    return (
        request.tenant.schema_name,
        f"{request.scheme}://{request.get_host().lower()}",
        getattr(request, "LANGUAGE_CODE", None) or get_language() or "",
        request.path,
        request.GET.urlencode() if request.GET else "",
    )


def lookup(request):
    """The page's slot and kept page, looked up once per request (the early middleware's lookup is
    reused by the inner one when the key is the same)."""
    key = _key_of(request)
    found = getattr(request, "_pagecache_lookup", None)
    if found is None or found[0] != key:
        found = (key, *store.lookup(*key))
        request._pagecache_lookup = found
    return found[1], found[2]


def hit_response(request, page):
    response = headers.public(request, page.response(lambda: getattr(request, "csp_nonce", "")), page)
    response["X-Page-Cache"] = "hit"
    return response


class CacheHitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.locale = LocaleMiddleware(get_response)
        chain = lambda request: request._pagecache_hit  # noqa: E731 — the innermost step of the short chain
        for path in reversed(getattr(settings, "PAGE_CACHE_HIT_MIDDLEWARE", DEFAULT_HIT_MIDDLEWARE)):
            chain = import_string(path)(chain)
        self.hit_chain = chain

    def __call__(self, request):
        if not rules.enabled() or not rules.request_is_cacheable(request):
            return self.get_response(request)
        self.locale.process_request(request)  # the language the key carries, chosen as LocaleMiddleware does
        _slot, page = lookup(request)
        if page is None:
            return self.get_response(request)
        request._pagecache_hit = hit_response(request, page)
        return self.hit_chain(request)


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
                return hit_response(request, page)
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
