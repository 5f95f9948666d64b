"""Database connections under load and outages: a request that finds no free pooled connection is told
to come back, and so is one whose database went away (restart, failover, network) — 503 with
``Retry-After`` and the bilingual page with the request id (``core.requestlog.error_page``), never 500.

Each process has a bounded pool (``DB_POOL_SIZE`` connections, settings); a request waits up to
``DB_POOL_TIMEOUT`` seconds for one. ``DatabaseBusyMiddleware`` is the outermost middleware: it takes
the request's connection before any other middleware runs (so a wait that times out happens here,
where it can still be answered), and turns a pool timeout or a lost connection raised later — in the
view or in a middleware (noted by ``got_request_exception``) — into the same answer. The pool checks
each connection at checkout (``CONN_HEALTH_CHECKS``), so the first request after the database is back
gets a live one. Static files (served by WhiteNoise) never take a connection, and neither, up front,
does a request that ``DB_CONNECTION_DEFERRED_FOR`` (the dotted path of a predicate of the request,
e.g. the page cache's) says may be answered without the database: it takes one only if it needs one,
so pages from a cache never queue behind pages being rendered for a connection they do not use.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable, Iterator

import psycopg
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from psycopg_pool import PoolTimeout, TooManyRequests

from core import requestlog

logger = logging.getLogger(__name__)

# SQLSTATEs of a connection that is gone or refused: class 08 (connection exception); 57P01 admin
# shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up or shutting down).
UNREACHABLE_SQLSTATES = ("08", "57P01", "57P02", "57P03")
BUSY = "busy"
UNREACHABLE = "unreachable"
TEXTS = {
    BUSY: (
        "Hệ thống đang bận, xin vui lòng thử lại sau ít giây.",
        "The site is busy at the moment, please try again in a few seconds.",
    ),
    UNREACHABLE: (
        "Hệ thống tạm thời gián đoạn, xin vui lòng thử lại sau ít giây.",
        "The site is temporarily unavailable, please try again in a few seconds.",
    ),
}


def _causes(exc: BaseException | None) -> Iterator[BaseException]:
    """``exc`` and what caused it (Django wraps the driver's error in its own ``OperationalError``)."""
    seen = 0
    while exc is not None and seen < 10:
        yield exc
        exc = exc.__cause__ or exc.__context__
        seen += 1


def pool_exhausted(exc: BaseException | None) -> bool:
    """True if ``exc`` is (or was caused by) the pool failing to hand out a connection in time."""
    return any(isinstance(cause, (PoolTimeout, TooManyRequests)) for cause in _causes(exc))


def database_unreachable(exc: BaseException | None) -> bool:
    """True if ``exc`` is (or was caused by) the database server being gone: the connection was lost
    or refused (no SQLSTATE: the client saw it) or the server is shutting down or starting up."""
    for cause in _causes(exc):
        if isinstance(cause, psycopg.OperationalError) and not isinstance(cause, psycopg.errors.QueryCanceled):
            if cause.sqlstate is None or cause.sqlstate.startswith(UNREACHABLE_SQLSTATES):
                return True
    return False


def database_failure(exc: BaseException | None) -> str | None:
    """``BUSY`` (pool timeout), ``UNREACHABLE`` (database gone) or None (any other error)."""
    if pool_exhausted(exc):
        return BUSY
    if database_unreachable(exc):
        return UNREACHABLE
    return None


def unavailable_response(request: HttpRequest, failure: str) -> HttpResponse:
    """503 for ``failure``: the bilingual page with the request id, ``Retry-After`` and ``no-store``."""
    logger.warning("database %s: 503 for %s", failure, request.path)
    response = requestlog.error_page(
        request, 503, "Tạm thời gián đoạn / Service unavailable", "Xin thử lại sau / Please try again", *TEXTS[failure]
    )
    response["Retry-After"] = str(getattr(settings, "DB_BUSY_RETRY_AFTER", 5))
    return response


@functools.cache
def _deferred_predicate(path: str) -> Callable[[HttpRequest], bool] | None:
    return import_string(path) if path else None


def connection_deferred(request: HttpRequest) -> bool:
    """Whether the request takes its connection only when it needs one (``DB_CONNECTION_DEFERRED_FOR``)."""
    predicate = _deferred_predicate(getattr(settings, "DB_CONNECTION_DEFERRED_FOR", ""))
    return predicate is not None and predicate(request)


def _note_database_failure(sender, request=None, **kwargs) -> None:
    """A pool timeout or a lost database raised anywhere in the request (Django turns it into a 500
    response where it happened): marked, so the outermost middleware can answer 503 instead."""
    failure = database_failure(sys.exc_info()[1])
    if request is not None and failure is not None:
        request.database_failure = failure


got_request_exception.connect(_note_database_failure, dispatch_uid="tenants-pool-timeout")


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = settings.STATIC_URL or "/static/"

    def __call__(self, request):
        if not request.path_info.startswith(self.static_prefix) and not connection_deferred(request):
            try:
                connection.ensure_connection()  # held until the request ends (returned to the pool)
            except Exception as exc:
                failure = database_failure(exc)
                if failure is None:
                    raise
                return unavailable_response(request, failure)
        response = self.get_response(request)
        failure = getattr(request, "database_failure", None)
        return unavailable_response(request, failure) if failure else response

    def process_exception(self, request, exception):
        failure = database_failure(exception)
        return unavailable_response(request, failure) if failure else None
