"""A Redis cache that degrades to cache misses when Redis is unreachable, so an outage of Redis never
turns pages into errors (Wagtail itself reads and clears its site-root cache on every page view and
publish). ``incr``/``decr`` still raise: their callers must decide (e.g. a rate limit lets the request
through). Referenced by path from ``CACHES``; nothing imports it.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from django.core.cache.backends.redis import RedisCache
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


class TolerantRedisCache(RedisCache):
    get = _tolerant("get", _default)
    get_many = _tolerant("get_many", lambda args, kwargs: {})
    has_key = _tolerant("has_key", lambda args, kwargs: False)
    add = _tolerant("add", lambda args, kwargs: False)
    set = _tolerant("set", lambda args, kwargs: None)
    set_many = _tolerant("set_many", lambda args, kwargs: list(args[0] if args else kwargs.get("data", [])))
    touch = _tolerant("touch", lambda args, kwargs: False)
    delete = _tolerant("delete", lambda args, kwargs: False)
    delete_many = _tolerant("delete_many", lambda args, kwargs: None)
