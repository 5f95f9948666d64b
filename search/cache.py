"""Hot-query cache of search results, invalidated by a generation number that every aggregate change
moves. Results depend only on the request (the scope is part of it), so keys are global — not
per tenant schema. A failing cache (Redis down) only costs speed: searches then go to PostgreSQL."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings

from core.cache import Generation, shared_store

RECHECK = 0.25  # seconds a process trusts its copy of the generation


def timeout() -> int:
    return int(getattr(settings, "SEARCH_CACHE_SECONDS", 300))


def store():
    """A cache without django-tenants' per-schema key function (the aggregate lives in ``public``)."""
    return shared_store("search")


generation = Generation("generation", store, recheck=RECHECK)


def bump_generation() -> None:
    generation.bump()


def cache_key(payload: dict) -> str | None:
    digest = hashlib.sha1(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
    return generation.stamp(f"r:{digest}")


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
    except Exception:  # noqa: BLE001 — a down cache only costs speed
        pass
