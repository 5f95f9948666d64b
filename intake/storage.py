"""Private storage of the intake's attachments: a directory per site schema under INTAKE_PRIVATE_ROOT,
outside MEDIA_ROOT (or, with INTAKE_STORAGE=s3, the key prefix ``intake-private/<schema>/`` of the media
bucket, outside every site's ``<schema>/`` media prefix), with no URL. A file leaves it only through the admin's permission-checked view
(``intake.views.download_attachment``): an unchecked upload is never served to the public."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.utils.deconstruct import deconstructible

from tenants.storage import TenantS3Storage


@deconstructible
class PrivateIntakeStorage(FileSystemStorage):
    """File system storage rooted per schema, read from the settings at each use (tests override them)."""

    @property
    def base_location(self):
        return os.path.join(str(settings.INTAKE_PRIVATE_ROOT), connection.schema_name)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("intake attachments have no public URL")


S3_PREFIX = "intake-private"
_storage = None


class PrivateIntakeS3Storage(TenantS3Storage):
    """The media bucket under ``intake-private/<schema>/``: no site's media prefix, and no URL."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("intake attachments have no public URL")


def _s3_storage() -> PrivateIntakeS3Storage:
    return PrivateIntakeS3Storage(location=S3_PREFIX)


def get_private_storage():
    """The storage of the attachments, chosen once by INTAKE_STORAGE ("filesystem" or "s3")."""
    global _storage
    if _storage is None:
        _storage = (
            _s3_storage() if getattr(settings, "INTAKE_STORAGE", "filesystem") == "s3" else PrivateIntakeStorage()
        )
    return _storage
