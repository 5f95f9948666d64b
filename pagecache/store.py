"""Where cached pages live: the shared store ``pagecache`` (``core.cache.shared_store``), one key
per site schema, host, language, path and query, kept with the stamp of two generations — the
platform's (moved by the tenant tree and ``manage.py pagecache_clear``) and the site's own (moved by
``pagecache.invalidation``) — read with the page in one round trip (``core.cache.get_stamped``).
A page kept under another stamp is stale. A down Redis reads as "not kept" and keeps nothing.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpResponse

from core.cache import Generation, get_stamped, put_stamped, shared_store

# Headers a cached page keeps from the view (the outer middleware adds theirs to a hit as to a miss).
KEPT_HEADERS = ("Content-Type", "Content-Language", "Link", "X-Robots-Tag")


def store():
    return shared_store("pagecache")


platform_generation = Generation("generation", store)


def site_generation(schema_name: str) -> Generation:
    return Generation(f"site:{schema_name}", store)


def bump_sites(schema_names) -> None:
    for schema_name in set(schema_names):
        site_generation(schema_name).bump()


# Stands for the Content-Security-Policy nonce in a kept page: every answer from the cache gets a nonce
# of its own (a nonce served twice would no longer prove that a script came with this response).
NONCE_MARK = b"@@csp-nonce-of-this-response@@"


@dataclass
class CachedPage:
    content: bytes
    headers: dict[str, str]
    etag: str
    last_modified: float = field(default_factory=time.time)
    has_nonce: bool = False

    @classmethod
    def of(cls, response: HttpResponse, nonce: str | None = None) -> CachedPage:
        """The page to keep; ``nonce``: the CSP nonce the view rendered into it, kept as a mark."""
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        content = response.content
        has_nonce = bool(nonce) and nonce.encode() in content
        if has_nonce:
            content = content.replace(nonce.encode(), NONCE_MARK)
        return cls(content, headers, f'"{hashlib.md5(content).hexdigest()}"', has_nonce=has_nonce)

    def response(self, nonce=None) -> HttpResponse:
        """The kept page as a response; ``nonce`` (a callable giving this request's CSP nonce) fills
        the marks — asked only when the page has some, so the policy header names it."""
        content = self.content.replace(NONCE_MARK, str(nonce()).encode()) if self.has_nonce and nonce else self.content
        response = HttpResponse(content)
        for name, value in self.headers.items():
            response[name] = value
        return response


@dataclass(frozen=True)
class Slot:
    """Where one page is kept, and the stamp it must carry to be current."""

    key: str
    generations: list[Generation]
    stamp: tuple | None

    def put(self, page: CachedPage) -> None:
        if self.stamp is not None:
            put_stamped(self.key, self.stamp, page, self.generations, timeout())


def timeout() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 600))


def lookup(schema_name: str, host: str, language: str, path: str, query: str) -> tuple[Slot, CachedPage | None]:
    """The page's slot and the page kept there if it is current (one round trip to Redis)."""
    digest = hashlib.sha1(f"{host}\n{language}\n{path}\n{query}".encode()).hexdigest()
    generations = [platform_generation, site_generation(schema_name)]
    key = f"p:{schema_name}:{digest}"
    stamp, page = get_stamped(key, generations)
    return Slot(key, generations, stamp), page if isinstance(page, CachedPage) else None
