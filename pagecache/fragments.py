"""Parts of a page that are the same on every page of a site (menu, footer contacts, links, the
dossier widget), kept between renders under the same two generations as the cached pages
(``pagecache.store``): any row written in the site's schema, or a change of the tenant tree, makes
them stale, exactly as it makes the site's pages stale. Keys carry the site schema; callers add what
else the value depends on (host, language). A down Redis builds the value every time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection

from core.cache import get_stamped_many, put_stamped_many

from .store import platform_generation, site_generation, timeout


def site_fragment(name: str, build: Callable[[], Any]) -> Any:
    """``build()`` for the current site schema, kept until the site or the tenant tree changes."""
    return site_fragments([name], lambda _name: build())[name]


def site_fragments(names: Iterable[str], build: Callable[[str], Any]) -> dict[str, Any]:
    """``site_fragment`` for many names at once: by name, the kept value or ``build(name)``. One round
    trip reads them all with the generations; the names missed are built and kept in one more."""
    schema_name = connection.schema_name
    generations = [platform_generation, site_generation(schema_name)]
    keys = {name: f"f:{schema_name}:{name}" for name in names}
    stamp, kept = get_stamped_many(list(keys.values()), generations)
    values: dict[str, Any] = {}
    built: dict[str, tuple] = {}
    for name, key in keys.items():
        found = kept.get(key)
        if isinstance(found, tuple) and len(found) == 1:
            values[name] = found[0]
        else:
            values[name] = build(name)
            built[key] = (values[name],)
    if stamp is not None:
        put_stamped_many(built, stamp, generations, timeout())
    return values
