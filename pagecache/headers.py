"""Caching headers for a CDN or reverse proxy in front: a page the cache may keep is ``public`` with
an ``ETag`` and ``Last-Modified`` (conditional GETs answer 304), held by a shared cache for
``PAGE_CACHE_CDN_SECONDS`` (``s-maxage``; 0 — the default without a purge — means revalidate every
time); a page it must not keep is ``private``. A public page varies by ``Cookie`` (as the session
middleware marks a rendered one): it is only ever the answer to a request without a session cookie,
so a shared cache must not hand it to a signed-in editor."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from .store import CachedPage


def cdn_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_CDN_SECONDS", 0))


def public(request: HttpRequest, response: HttpResponse, page: CachedPage) -> HttpResponse:
    response["ETag"] = page.etag
    patch_vary_headers(response, ("Cookie",))
    response["Last-Modified"] = http_date(page.last_modified)
    seconds = cdn_seconds()
    if seconds:
        patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
    else:
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return get_conditional_response(request, etag=page.etag, last_modified=int(page.last_modified), response=response)


def private(response: HttpResponse) -> HttpResponse:
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_cache=True)
    return response
