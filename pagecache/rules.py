"""Which requests may be answered from the page cache and which responses may be kept — plain
functions of the request and response, so the middleware stays thin.

Never from the cache: anything but GET; a request with a session cookie (a signed-in editor, or a
visitor who passed a page password) or pending messages; the admin, files and APIs; a search with
words in it (free-text parameters: unbounded keys, and results a cache would serve stale). Never
kept: a status other than 200, anything but HTML, a response that set a cookie or used the CSRF token
(a page with a form), a preview, a response that varies by cookie or says ``private``/``no-store``.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import cc_delim_re
from django_tenants.utils import get_public_schema_name

SKIPPED_PREFIXES = ("/admin/", "/documents/", "/media/", "/static/", "/api/", "/_util/", "/django-admin/")
# Free-text parameters of the search page and the document register (a query with words is a search)
# and the tracking code of a question's status lookup (rate-limited, one citizen's question).
TEXT_PARAMETERS = ("q", "number", "signer", "ma")
MAX_QUERY_LENGTH = 256
MESSAGES_COOKIE = "messages"  # django.contrib.messages' cookie storage


def enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE_ENABLED", True))


def text_parameters() -> tuple[str, ...]:
    return tuple(getattr(settings, "PAGE_CACHE_TEXT_PARAMETERS", TEXT_PARAMETERS))


def may_answer_without_database(request: HttpRequest) -> bool:
    """Before routing: a GET the page cache may answer (``DB_CONNECTION_DEFERRED_FOR``: such a request
    takes a database connection only on a miss)."""
    if not enabled() or request.method != "GET":
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGES_COOKIE in request.COOKIES:
        return False
    if request.path.startswith(SKIPPED_PREFIXES) or len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return False
    return not any(request.GET.get(name, "").strip() for name in text_parameters())


def request_is_cacheable(request: HttpRequest) -> bool:
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name == get_public_schema_name():
        return False
    return may_answer_without_database(request)


def _cache_control(response: HttpResponse) -> set[str]:
    return {part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}


def response_is_cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "is_preview", False):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", ""))}
    return (
        "cookie" not in vary and "*" not in vary and not _cache_control(response) & {"private", "no-store", "no-cache"}
    )
