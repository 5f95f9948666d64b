"""Parts of a page that are the same on every page of a site (menu, footer contacts, links, the
dossier widget), kept between renders under the same two generations as the cached pages
(``pagecache.store``): any row written in the site's schema, or a change of the tenant tree, makes
them stale, exactly as it makes the site's pages stale. Keys carry the site schema; callers add what
else the value depends on (host, language). A down Redis builds the value every time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection

from core.cache import get_stamped, put_stamped

from .store import platform_generation, site_generation, timeout


def site_fragment(name: str, build: Callable[[], Any]) -> Any:
    """``build()`` for the current site schema, kept until the site or the tenant tree changes."""
    schema_name = connection.schema_name
    generations = [platform_generation, site_generation(schema_name)]
    key = f"f:{schema_name}:{name}"
    stamp, kept = get_stamped(key, generations)
    if isinstance(kept, tuple) and len(kept) == 1:
        return kept[0]
    value = build()
    if stamp is not None:
        put_stamped(key, stamp, (value,), generations, timeout())
    return value
