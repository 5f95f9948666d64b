"""Where cached pages live: the shared store ``pagecache`` (``core.cache.shared_store``), keys
carrying the site's schema, host, language, path and query, stamped by three generations — the
platform's (``manage.py pagecache_clear``), the tenant tree's (``tenants.tree.tree_generation``)
and the site's own (moved by ``pagecache.invalidation``). A down Redis reads as "do not cache".
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpResponse

from core.cache import Generation, shared_store, stamp_all
from tenants.tree import tree_generation

# Headers a cached page keeps from the view (the outer middleware adds theirs to a hit as to a miss).
KEPT_HEADERS = ("Content-Type", "Content-Language", "Link", "X-Robots-Tag")


def store():
    return shared_store("pagecache")


platform_generation = Generation("generation", store, recheck=1.0)


def site_generation(schema_name: str) -> Generation:
    return Generation(f"site:{schema_name}", store)


def bump_sites(schema_names) -> None:
    for schema_name in set(schema_names):
        site_generation(schema_name).bump()


def page_key(schema_name: str, host: str, language: str, path: str, query: str) -> str | None:
    """The stamped key of one page, or ``None`` when the cache is down."""
    digest = hashlib.sha1(f"{host}\n{language}\n{path}\n{query}".encode()).hexdigest()
    return stamp_all(f"p:{schema_name}:{digest}", [platform_generation, tree_generation, site_generation(schema_name)])


@dataclass
class CachedPage:
    content: bytes
    headers: dict[str, str]
    etag: str
    last_modified: float = field(default_factory=time.time)

    @classmethod
    def of(cls, response: HttpResponse) -> CachedPage:
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        return cls(response.content, headers, f'"{hashlib.md5(response.content).hexdigest()}"')

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content)
        for name, value in self.headers.items():
            response[name] = value
        return response


def timeout() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 600))


def get(key: str) -> CachedPage | None:
    try:
        page = store().get(key)
    except Exception:  # noqa: BLE001 — cache down: a miss
        return None
    return page if isinstance(page, CachedPage) else None


def put(key: str, page: CachedPage) -> None:
    try:
        store().set(key, page, timeout())
    except Exception:  # noqa: BLE001 — cache down: the page was served, only not kept
        pass
