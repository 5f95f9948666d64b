"""Per-tenant media on S3-compatible object storage: one bucket, the files of a site under the key
prefix ``<schema>/`` (``MEDIA_STORAGE=tenants.storage.TenantS3Storage``). On a filesystem the same
layout comes from django-tenants' ``TenantFileSystemStorage`` (the default): ``MEDIA_ROOT/<schema>/``.
"""

from django.db import connection
from storages.backends.s3 import S3Storage


class TenantS3Storage(S3Storage):
    """The key prefix follows the connection's schema at the time a file is saved or linked."""

    @property
    def location(self) -> str:
        base = self._base_location.strip("/")
        return f"{base}/{connection.schema_name}" if base else connection.schema_name

    @location.setter
    def location(self, value: str) -> None:
        self._base_location = value or ""
