"""Per-tenant media on S3-compatible object storage: one bucket, the files of a site under the key
prefix ``<schema>/`` (``MEDIA_STORAGE=tenants.storage.TenantS3Storage``). On a filesystem the same
layout comes from django-tenants' ``TenantFileSystemStorage`` (the default): ``MEDIA_ROOT/<schema>/``.

The bucket is private. A file's URL is the site's own ``/media/<schema>/…`` (or, for a document, Wagtail's
``/documents/<id>/…``), answered by a view that checks host, folder, privacy and withdrawal and then
streams the object: no object-store URL of a file is ever published.
"""

from urllib.parse import quote

from django.conf import settings
from django.db import connection
from storages.backends.s3 import S3Storage


class TenantS3Storage(S3Storage):
    """The key prefix follows the connection's schema at the time a file is saved or linked."""

    @property
    def location(self) -> str:
        return self.schema_prefix(connection.schema_name).rstrip("/")

    def schema_prefix(self, schema_name: str) -> str:
        """The key prefix of every file of ``schema_name`` (``<base>/<schema>/``): backups read and write it."""
        base = self._base_location.strip("/")
        return f"{base}/{schema_name}/" if base else f"{schema_name}/"

    @location.setter
    def location(self, value: str) -> None:
        self._base_location = value or ""

    def url(self, name, parameters=None, expire=None, http_method=None) -> str:
        """The site's checked media URL, never the bucket's (see the module docstring)."""
        return f"{settings.MEDIA_URL}{connection.schema_name}/{quote(name.lstrip('/'))}"

    def signed_url(self, name, expire: int | None = None) -> str:
        """A short-lived signed URL of the object (AWS_QUERYSTRING_EXPIRE seconds), for operators' tools."""
        return super().url(name, expire=expire)
