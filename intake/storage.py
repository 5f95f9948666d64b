"""Private storage of the intake's attachments: a directory per site schema under INTAKE_PRIVATE_ROOT,
outside MEDIA_ROOT, with no URL. A file leaves it only through the admin's permission-checked view
(``intake.views.download_attachment``): an unchecked upload is never served to the public."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.utils.deconstruct import deconstructible


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


private_storage = PrivateIntakeStorage()


def get_private_storage() -> PrivateIntakeStorage:
    return private_storage
