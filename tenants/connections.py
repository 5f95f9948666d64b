"""Database connections under load: a request that finds no free pooled connection is told to come
back (503 with ``Retry-After``) instead of failing with a 500.

Each process has a bounded pool (``DB_POOL_SIZE`` connections, settings); a request waits up to
``DB_POOL_TIMEOUT`` seconds for one. ``DatabaseBusyMiddleware`` is the outermost middleware: it takes
the request's connection before any other middleware runs (so a wait that times out happens here,
where it can still be answered), and turns a pool timeout raised later by a view into the same
answer. Static files (served by WhiteNoise) never take a connection, and neither, up front, does a
request that ``DB_CONNECTION_DEFERRED_FOR`` (the dotted path of a predicate of the request, e.g. the
page cache's) says may be answered without the database: it takes one only if it needs one, and a
pool timeout then — in the view or in a middleware (noted by ``got_request_exception``) — is
answered the same way, so pages from a cache never queue behind pages being rendered for a
connection they do not use.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from psycopg_pool import PoolTimeout, TooManyRequests

logger = logging.getLogger(__name__)

BUSY_TEXT = (
    "Hệ thống đang bận, xin vui lòng thử lại sau ít giây.\n"
    "The site is busy at the moment, please try again in a few seconds.\n"
)


def pool_exhausted(exc: BaseException | None) -> bool:
    """True if ``exc`` is (or was caused by) the pool failing to hand out a connection in time.
    Django wraps the driver's error in its own ``OperationalError``: the cause chain is followed."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, (PoolTimeout, TooManyRequests)):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def busy_response() -> HttpResponse:
    response = HttpResponse(BUSY_TEXT, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(getattr(settings, "DB_BUSY_RETRY_AFTER", 5))
    response["Cache-Control"] = "no-store"
    return response


@functools.cache
def _deferred_predicate(path: str) -> Callable[[HttpRequest], bool] | None:
    return import_string(path) if path else None


def connection_deferred(request: HttpRequest) -> bool:
    """Whether the request takes its connection only when it needs one (``DB_CONNECTION_DEFERRED_FOR``)."""
    predicate = _deferred_predicate(getattr(settings, "DB_CONNECTION_DEFERRED_FOR", ""))
    return predicate is not None and predicate(request)


def _note_pool_timeout(sender, request=None, **kwargs) -> None:
    """A pool timeout raised anywhere in the request (Django turns it into a 500 response where it
    happened): marked, so the outermost middleware can answer 503 instead."""
    if request is not None and pool_exhausted(sys.exc_info()[1]):
        request.database_busy = True


got_request_exception.connect(_note_pool_timeout, dispatch_uid="tenants-pool-timeout")


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = settings.STATIC_URL or "/static/"

    def __call__(self, request):
        if not request.path_info.startswith(self.static_prefix) and not connection_deferred(request):
            try:
                connection.ensure_connection()  # held until the request ends (returned to the pool)
            except Exception as exc:
                if not pool_exhausted(exc):
                    raise
                logger.warning(
                    "no free database connection within %ss: 503 for %s",
                    getattr(settings, "DB_POOL_TIMEOUT", None),
                    request.path,
                )
                return busy_response()
        response = self.get_response(request)
        if getattr(request, "database_busy", False):
            logger.warning("database pool timeout while answering: 503 for %s", request.path)
            return busy_response()
        return response

    def process_exception(self, request, exception):
        if pool_exhausted(exception):
            logger.warning("database pool timeout in a view: 503 for %s", request.path)
            return busy_response()
        return None
