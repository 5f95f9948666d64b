"""One log line per request, and a request id that ties the line, the response and the error page.

``RequestLogMiddleware`` (first in ``MIDDLEWARE``) takes the caller's ``X-Request-ID`` when it is a
plain token (a proxy or load balancer set it) or makes one, returns it in the response's
``X-Request-ID`` header, and logs ``method path status`` with the tenant schema, host, user id and
duration as structured fields (``LOG_FORMAT=json`` turns them into one JSON object per line).
:func:`server_error` is the 500 page: bilingual, and it shows the request id so a citizen's report can
be matched to the log line (:func:`error_page` builds it and the 503 pages of ``tenants.connections``).
Health probes (``/healthz``, ``/readyz``) are not logged.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape

log = logging.getLogger("congttdt.request")

HEADER = "X-Request-ID"
TOKEN_RE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
QUIET_PATHS = frozenset({"/healthz", "/readyz"})


def request_id_of(request: HttpRequest) -> str:
    """The id given to ``request`` by the middleware (made on first use otherwise)."""
    value = getattr(request, "request_id", None)
    if value is None:
        offered = request.META.get("HTTP_X_REQUEST_ID", "")
        value = offered if TOKEN_RE.match(offered) else uuid.uuid4().hex
        request.request_id = value
    return value


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = request_id_of(request)
        response = self.get_response(request)
        response[HEADER] = request_id
        if request.path not in QUIET_PATHS:
            # Only a user the request already loaded: loading it here would query the session and
            # the user tables, which may be what just failed (this middleware is outside the 503 one).
            user = request.__dict__.get("_cached_user")
            log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "request_id": request_id,
                    "tenant_schema": getattr(connection, "schema_name", ""),
                    "host": request.META.get("HTTP_HOST", ""),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
        return response


def error_page(request: HttpRequest, status: int, title: str, heading: str, text_vi: str, text_en: str) -> HttpResponse:
    """A bilingual error page with the request id; plain HTML without templates or database, so that
    it renders whatever broke (the texts are trusted constants)."""
    request_id = escape(request_id_of(request))
    return HttpResponse(
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title></head><body>"
        f"<main><h1>{heading}</h1><p>{text_vi}</p>"
        f'<p lang="en">{text_en}</p>'
        f"<p>Mã yêu cầu / Request id: <code>{request_id}</code></p></main></body></html>",
        status=status,
        headers={HEADER: request_id, "Cache-Control": "no-store"},
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page with the request id."""
    return error_page(
        request,
        500,
        "Lỗi máy chủ / Server error",
        "Đã xảy ra lỗi / Something went wrong",
        "Hệ thống gặp sự cố khi xử lý yêu cầu. Vui lòng thử lại sau ít phút.",
        "The server could not complete the request. Please try again in a few minutes.",
    )
