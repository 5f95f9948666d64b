"""Rate limits: a fixed window per action and client, counted in the shared cache (Redis).

``hit()`` counts one attempt and says whether it is allowed, how many remain and when the window
ends (for ``Retry-After``). When the cache is unreachable the attempt is allowed — an outage of Redis
never refuses a citizen or an API client. Keys go through the default cache, whose key function
carries the tenant schema: every site has its own counters. The client is identified by a keyed hash
of its address (:func:`fingerprint`), so addresses are never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from .client import client_ip

log = logging.getLogger(__name__)


def fingerprint(*parts: str) -> str:
    """A keyed hash of ``parts`` (client address, user agent…): counts without storing them."""
    message = "|".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class RateLimit:
    allowed: bool
    limit: int
    remaining: int
    reset_in: int  # seconds until the window ends

    def headers(self) -> dict[str, str]:
        """``RateLimit-*`` headers (IETF draft) and, when refused, ``Retry-After``."""
        values = {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset_in),
        }
        if not self.allowed:
            values["Retry-After"] = str(self.reset_in)
        return values


def hit(action: str, identity: str, limit: int, window: int) -> RateLimit:
    """Count one attempt of ``action`` by ``identity`` in the current ``window``-second window."""
    now = time.time()
    bucket = int(now // window)
    reset_in = max(1, math.ceil((bucket + 1) * window - now))
    key = f"rate:{action}:{identity}:{bucket}"
    try:
        cache.add(key, 0, window + 1)
        count = cache.incr(key)
    except ValueError:  # expired between add and incr (or not stored: cache degraded to misses)
        return RateLimit(True, limit, limit, reset_in)
    except Exception:  # noqa: BLE001 — Redis down: never refuse
        log.warning("rate limit %s not applied: cache unavailable", action)
        return RateLimit(True, limit, limit, reset_in)
    return RateLimit(count <= limit, limit, max(0, limit - count), reset_in)


def hit_request(request: HttpRequest, action: str, limit: int, window: int) -> RateLimit:
    """:func:`hit` for the client of ``request`` (its address from :mod:`core.client`)."""
    return hit(action, fingerprint(client_ip(request)), limit, window)
