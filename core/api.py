"""The one convention of the platform's JSON endpoints (docs/api.md): GET only, one error envelope,
the same pagination fields, a per-client rate limit with its headers, CORS only for listed origins.

* success: the endpoint's object (JSON, UTF-8, not ASCII-escaped); lists are paginated with
  :func:`paginated` — ``page``, ``page_size``, ``has_next``, ``next``, ``previous`` (absolute URLs or ``null``),
  ``results`` and the endpoint's counts;
* error: ``{"error": "<message>", "details": {<field>: [<messages>]}}`` (``details`` only when a
  parameter was wrong), with the HTTP status (400, 404, 405, 429);
* every answer carries ``RateLimit-Limit``/``-Remaining``/``-Reset``; a refused one (429) also
  ``Retry-After`` in seconds. Counting is :mod:`core.ratelimit` (skipped when Redis is down).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from .ratelimit import RateLimit, hit_request

JSON_OPTIONS = {"ensure_ascii": False}


class ApiError(Exception):
    """Raised by an endpoint: answered as the error envelope with ``status``."""

    def __init__(self, message: str, status: int = 400, details: dict | None = None):
        super().__init__(message)
        self.message, self.status, self.details = message, status, details or {}


def json_response(payload: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(payload, status=status, json_dumps_params=JSON_OPTIONS)


def error_response(message: str, status: int = 400, details: dict | None = None) -> JsonResponse:
    body: dict = {"error": message}
    if details:
        body["details"] = details
    response = json_response(body, status=status)
    if status == 405:
        response["Allow"] = "GET, HEAD"
    return response


def page_link(request: HttpRequest, number: int) -> str:
    """Absolute URL of the same request with ``page=number``."""
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginated(request: HttpRequest, *, page: int, page_size: int, has_next: bool, results: list, **counts) -> dict:
    """The pagination fields every list endpoint answers with (``counts``: e.g. ``count``, ``total``)."""
    return {
        **counts,
        "page": page,
        "page_size": page_size,
        "has_next": has_next,
        "next": page_link(request, page + 1) if has_next else None,
        "previous": page_link(request, page - 1) if page > 1 else None,
        "results": results,
    }


def _cors(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    origin = request.headers.get("Origin")
    if origin and origin in getattr(settings, "API_CORS_ORIGINS", []):
        response["Access-Control-Allow-Origin"] = origin
        response["Vary"] = "Origin"
    return response


def api_view(scope: str, limit: Callable[[], int], window: int = 60) -> Callable:
    """Decorate a view returning a dict (or a response) as an endpoint of the convention; ``limit()``
    is the number of requests a client may make per ``window`` seconds in ``scope``."""

    def decorate(func: Callable) -> Callable:
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            rate: RateLimit | None = None
            try:
                if request.method not in ("GET", "HEAD"):
                    raise ApiError(_("Chỉ hỗ trợ phương thức GET (read-only API)."), status=405)
                rate = hit_request(request, f"api:{scope}", int(limit()), window)
                if not rate.allowed:
                    raise ApiError(_("Quá nhiều yêu cầu, vui lòng thử lại sau một phút."), status=429)
                payload = func(request, *args, **kwargs)
                response = payload if isinstance(payload, HttpResponse) else json_response(payload)
            except ApiError as error:
                response = error_response(error.message, error.status, error.details)
            except Http404:
                response = error_response(_("Không tìm thấy."), 404)
            if rate is not None:
                for name, value in rate.headers().items():
                    response[name] = value
            return _cors(request, response)

        return wrapper

    return decorate
