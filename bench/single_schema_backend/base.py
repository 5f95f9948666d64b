"""Plain PostgreSQL backend of the single-schema baseline, naming its one schema as django-tenants does.

Apps that ask the connection which schema is current (the page cache's invalidation) find ``public``,
as on the platform host, instead of failing: the baseline runs the same apps as the platform."""

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    schema_name = "public"
