"""The same platform as plain single-schema Wagtail — the baseline of the page-serving benchmark.

Everything as in ``config.settings`` except what multi-tenancy adds: plain
``django.db.backends.postgresql`` (no django-tenants backend, router or routing middleware), its
own database (``BENCH_SINGLE_DATABASE_URL``), ordinary cache keys and media storage. A tiny
middleware gives templates the ``request.tenant`` they expect, as an unsaved object.
"""

import os

import dj_database_url

from config.settings import *  # noqa: F403
from config.settings import CACHES, DATABASES, MIDDLEWARE, SHARED_APPS, TENANT_APPS

INSTALLED_APPS = [app for app in SHARED_APPS if app != "django_tenants"]
INSTALLED_APPS += [app for app in TENANT_APPS if app not in INSTALLED_APPS]
_tenant_side = DATABASES["default"]  # same connection handling (pool, options) as the tenant side
DATABASES = {
    "default": dj_database_url.parse(os.environ["BENCH_SINGLE_DATABASE_URL"], conn_max_age=_tenant_side["CONN_MAX_AGE"])
}
DATABASES["default"]["ENGINE"] = "bench.single_schema_backend"  # plain PostgreSQL, schema_name "public"
DATABASES["default"]["CONN_HEALTH_CHECKS"] = _tenant_side["CONN_HEALTH_CHECKS"]
DATABASES["default"]["OPTIONS"] = dict(_tenant_side["OPTIONS"])
DATABASE_ROUTERS: list = []
MIDDLEWARE = ["bench.single_schema_site.SingleSiteMiddleware"] + [
    name for name in MIDDLEWARE if name != "tenants.middleware.TenantRoutingMiddleware"
]
CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": CACHES["default"]["KEY_PREFIX"] + "-single"}}
CACHES["default"].pop("KEY_FUNCTION")
STORAGES = {**STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}  # noqa: F405
