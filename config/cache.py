"""A Redis cache that degrades to cache misses when Redis is unreachable, so an outage of Redis never
turns pages into errors (Wagtail itself reads and clears its site-root cache on every page view and
publish). ``incr``/``decr`` still raise: their callers must decide (e.g. a rate limit lets the request
through). Referenced by path from ``CACHES``; nothing imports it.

Its connections are the process's, not the request's. Django keeps one cache object per thread *and
per asynchronous context* (``caches`` is an ``asgiref`` local), so under ASGI every request gets a
cache object of its own — and Django's Redis client, with it, a connection pool of its own: one new
TCP connection and handshake to Redis per request, about a fifth of the CPU a page from the page cache
costs. Here every cache object of the same servers and options shares one client, whose pools (redis-py's,
thread-safe, reset after a fork) keep their connections between requests.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


def _tolerant(name: str, on_failure: Callable[[tuple, dict], object]):
    method = getattr(RedisCache, name)

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            log.warning("cache %s failed, treated as a miss: %s", name, error)
            return on_failure(args, kwargs)

    return wrapper


def _default(args: tuple, kwargs: dict):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


_clients: dict[tuple, RedisCacheClient] = {}
_clients_lock = threading.Lock()


def shared_client(servers: list[str], options: dict) -> RedisCacheClient:
    """The process's one Redis client for these servers and options (its pools created once, under a lock)."""
    key = (tuple(servers), repr(sorted(options.items(), key=lambda item: item[0])))
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = _clients[key] = RedisCacheClient(servers, **options)
            for write in (True, False):
                client._get_connection_pool(write)  # created here, never raced by two requests
        return client


class TolerantRedisCache(RedisCache):
    @cached_property
    def _cache(self) -> RedisCacheClient:
        return shared_client(self._servers, self._options)

    get = _tolerant("get", _default)
    get_many = _tolerant("get_many", lambda args, kwargs: {})
    has_key = _tolerant("has_key", lambda args, kwargs: False)
    add = _tolerant("add", lambda args, kwargs: False)
    set = _tolerant("set", lambda args, kwargs: None)
    set_many = _tolerant("set_many", lambda args, kwargs: list(args[0] if args else kwargs.get("data", [])))
    touch = _tolerant("touch", lambda args, kwargs: False)
    delete = _tolerant("delete", lambda args, kwargs: False)
    delete_many = _tolerant("delete_many", lambda args, kwargs: None)
