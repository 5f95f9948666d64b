"""Database backend: django-tenants' schema switching without its cost per switch.

django-tenants' ``set_tenant`` forgets which ``search_path`` the connection has and empties the
ContentType cache on every switch — also around a short ``schema_context("public")`` that only
reads a cache key, which then costs the request a ``SET search_path`` and a ContentType query when
it switches back. Here:

* the connection remembers the search_path it last set on the server (forgotten on close, rollback
  and savepoint rollback, exactly where django-tenants forgets its own), so returning to the same
  schema sends no ``SET``;
* with a connection pool (``OPTIONS["pool"]``) the server connection under this wrapper changes at
  every checkout and was last used by any request of any site: both memories of the search_path
  (this one and django-tenants' own) are forgotten on every checkout and on every return, so the
  first statement of a request always sets its own site's search_path;
* ContentType's cache is kept per (database, schema of this thread's connection) — ids differ
  between schemas — instead of being emptied on every switch; an explicit ``clear_cache()`` still
  empties it (and the routing middleware does when the tenant list changes).

ENGINE = "tenants.postgresql_backend" (a drop-in for django_tenants.postgresql_backend).
"""

from __future__ import annotations

import threading

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.utils.asyncio import async_unsafe
from django_tenants.postgresql_backend import base as tenants_base
from django_tenants.utils import get_limit_set_calls

CONTENT_TYPE_CACHES = 256  # (database, schema) caches kept before all are dropped
_switching = threading.local()


class SchemaContentTypeCache(dict):
    """Stands in for ``ContentTypeManager._cache`` ({alias: {key: ContentType}}): the dict for an alias
    is the one of the schema this thread's connection is set to."""

    def _for(self, alias: str) -> dict:
        key = (alias, getattr(connections[alias], "schema_name", None))
        cache = dict.get(self, key)
        if cache is None:
            if len(self) >= CONTENT_TYPE_CACHES:
                dict.clear(self)
            cache = dict.setdefault(self, key, {})
        return cache

    def __getitem__(self, alias):
        return self._for(alias)

    def get(self, alias, default=None):
        return self._for(alias)

    def setdefault(self, alias, default=None):
        return self._for(alias)

    def clear(self) -> None:
        if not getattr(_switching, "active", False):  # django-tenants clears on every switch: not needed
            dict.clear(self)


class DatabaseWrapper(tenants_base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        self._server_search_path: list[str] | None = None
        super().__init__(*args, **kwargs)

    def set_tenant(self, tenant, include_public=True):
        # Django rebuilds model managers when the app registry's caches are cleared (migrations,
        # tests): put the per-schema cache (back) in place at every switch.
        if not isinstance(ContentType.objects._cache, SchemaContentTypeCache):
            ContentType.objects._cache = SchemaContentTypeCache()
        _switching.active = True
        try:
            super().set_tenant(tenant, include_public)
        finally:
            _switching.active = False

    def _handle_search_path(self, cursor=None):
        if (
            get_limit_set_calls()
            and not self.search_path_set_schemas
            and not self._setting_search_path
            and self.schema_name
            and self._server_search_path == self._get_cursor_search_paths()
        ):
            self.search_path_set_schemas = self._server_search_path  # the connection has it already
            return
        super()._handle_search_path(cursor)
        self._server_search_path = self.search_path_set_schemas

    def _forget_search_path(self) -> None:
        self._server_search_path = None
        self.search_path_set_schemas = None

    @async_unsafe
    def get_new_connection(self, conn_params):
        self._forget_search_path()  # a new or pooled server connection: its search_path is unknown
        return super().get_new_connection(conn_params)

    def _close(self):
        self._forget_search_path()  # returned to the pool (or closed): the next one is another
        super()._close()

    def close(self):
        self._server_search_path = None
        super().close()

    @async_unsafe
    def rollback(self):
        self._server_search_path = None
        super().rollback()

    @async_unsafe
    def savepoint_rollback(self, sid):
        try:
            super().savepoint_rollback(sid)
        finally:
            self._server_search_path = None
