"""Hot-query cache of search results, invalidated by a generation number that every aggregate change
moves. Results depend only on the request (the scope is part of it), so keys are global — not
per tenant schema. A failing cache (Redis down) only costs speed: searches then go to PostgreSQL."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger(__name__)
GENERATION_KEY = "generation"
RECHECK = 0.25  # seconds a process trusts its copy of the generation
_local = {"generation": None, "checked": 0.0}


def timeout() -> int:
    return int(getattr(settings, "SEARCH_CACHE_SECONDS", 300))


@functools.cache
def store():
    """A cache without django-tenants' per-schema key function (the aggregate lives in ``public``)."""
    conf = settings.CACHES["default"]
    if not conf["BACKEND"].endswith("RedisCache"):
        return caches["default"]
    return RedisCache(
        conf["LOCATION"],
        {
            "KEY_PREFIX": f"{conf.get('KEY_PREFIX', '')}:search",
            "TIMEOUT": timeout(),
            "OPTIONS": conf.get("OPTIONS", {}),
        },
    )


def bump_generation() -> None:
    try:
        store().set(GENERATION_KEY, time.time_ns(), None)
    except Exception as exc:  # noqa: BLE001 — a down cache must not fail the indexer
        log.warning("search cache generation not bumped: %s", exc)
    _local["checked"] = 0.0


def cache_key(payload: dict) -> str | None:
    now = time.monotonic()
    try:
        if now - _local["checked"] > RECHECK:
            _local["generation"] = store().get(GENERATION_KEY)
            _local["checked"] = now
    except Exception:  # noqa: BLE001
        return None
    digest = hashlib.sha1(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
    return f"r:{_local['generation']}:{digest}"


def get(key: str | None):
    if key is None:
        return None
    try:
        return store().get(key)
    except Exception:  # noqa: BLE001
        return None


def put(key: str | None, value) -> None:
    if key is None:
        return
    try:
        store().set(key, value, timeout())
    except Exception:  # noqa: BLE001
        pass
