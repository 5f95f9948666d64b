"""Generation-stamped caches: a number in the shared cache that moves whenever the data it stamps
changes; cached values are keyed by it, so one ``bump()`` invalidates them all in every process.

A failing cache (Redis down) never fails the caller: the generation reads as ``None``, cached values
are missed and ``build()`` runs every time. Each process may trust its copy of the generation for
``recheck`` seconds (0: read it every time).
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

_UNSET = object()
_DOWN = object()


def default_store() -> BaseCache:
    """The default cache (its key function carries the current tenant schema)."""
    from django.core.cache import cache

    return cache


@functools.cache
def shared_store(namespace: str) -> BaseCache:
    """The default cache's backend without its per-schema key function: one key space for the whole
    platform (generations and values that are the same in every schema), prefixed by ``namespace``."""
    conf = settings.CACHES["default"]
    options = {key: value for key, value in conf.items() if key not in {"BACKEND", "LOCATION", "KEY_FUNCTION"}}
    options["KEY_PREFIX"] = f"{conf.get('KEY_PREFIX', '')}:{namespace}"
    return import_string(conf["BACKEND"])(conf.get("LOCATION", ""), options)


class Generation:
    """One generation number under ``key`` in ``store()`` (a callable, so tests and schemas can swap it)."""

    def __init__(self, key: str, store: Callable[[], BaseCache] = default_store, recheck: float = 0.0) -> None:
        self.key = key
        self.store = store
        self.recheck = recheck
        self._lock = threading.Lock()
        self._value: Any = _UNSET
        self._checked = 0.0

    def _read(self) -> Any:
        try:
            return self.store().get(self.key)
        except Exception:  # noqa: BLE001 — cache down
            return _DOWN

    def _current(self) -> Any:
        if self.recheck <= 0:
            return self._read()
        now = time.monotonic()
        with self._lock:
            if self._value is _UNSET or now - self._checked > self.recheck:
                self._value, self._checked = self._read(), now
            return self._value

    def current(self) -> Any:
        """The shared generation (``None`` when never bumped or when the cache is down)."""
        value = self._current()
        return None if value is _DOWN else value

    def bump(self) -> None:
        """Move the generation (never raises: a down cache only means stale values for their timeout)."""
        try:
            self.store().set(self.key, time.time_ns(), None)
        except Exception as exc:  # noqa: BLE001
            log.warning("cache generation %s not bumped: %s", self.key, exc)
        with self._lock:
            self._value = _UNSET

    def stamp(self, key: str) -> str | None:
        """``key`` qualified by the current generation; ``None`` when the cache is down (do not cache)."""
        value = self._current()
        return None if value is _DOWN else f"{key}:{value}"

    def cached(self, key: str, build: Callable[[], Any], timeout: int = 300) -> Any:
        """``build()``, cached for ``timeout`` seconds under the generation-stamped ``key`` (falsy
        results too); computed every time when the cache is down."""
        store = self.store()
        stamped = self.stamp(key)
        if stamped is None:
            return build()
        try:
            value = store.get(stamped, _UNSET)
        except Exception:  # noqa: BLE001
            return build()
        if value is _UNSET:
            value = build()
            try:
                store.set(stamped, value, timeout)
            except Exception:  # noqa: BLE001
                pass
        return value


def get_stamped(key: str, generations: list[Generation]) -> tuple[tuple | None, Any]:
    """In one round trip, the current values of ``generations`` (sharing one store) — the *stamp* —
    and the value ``put_stamped`` kept under ``key`` if it was kept under that same stamp (else
    ``None``: never kept, expired, or made stale by a bump since). ``(None, None)`` when the cache
    fails."""
    stamp, kept = get_stamped_many([key], generations)
    return stamp, kept.get(key)


def get_stamped_many(keys: list[str], generations: list[Generation]) -> tuple[tuple | None, dict[str, Any]]:
    """``get_stamped`` for many keys in the same one round trip: the stamp and, by key, the values
    kept under that stamp (a key left out was never kept, has expired or is stale). ``(None, {})``
    when the cache fails."""
    names = [generation.key for generation in generations]
    try:
        found = generations[0].store().get_many([*names, *keys])
    except Exception:  # noqa: BLE001 — cache down
        return None, {}
    stamp = tuple(found.get(name) for name in names)
    kept = {}
    for key in keys:
        value = found.get(key)
        if isinstance(value, tuple) and len(value) == 2 and value[0] == stamp:
            kept[key] = value[1]
    return stamp, kept


def put_stamped(key: str, stamp: tuple, value: Any, generations: list[Generation], timeout: int) -> None:
    """Keep ``value`` under ``key`` with the stamp it was built under (never raises)."""
    put_stamped_many({key: value}, stamp, generations, timeout)


def put_stamped_many(values: dict[str, Any], stamp: tuple, generations: list[Generation], timeout: int) -> None:
    """``put_stamped`` for each key and value of ``values``, in one round trip (never raises)."""
    kept = {key: (stamp, value) for key, value in values.items()}
    try:
        store = generations[0].store()
        if len(kept) == 1:
            store.set(*next(iter(kept.items())), timeout)  # one plain write: a single page or fragment
        elif kept:
            store.set_many(kept, timeout)
    except Exception:  # noqa: BLE001 — a down cache only means the values are not kept
        pass
