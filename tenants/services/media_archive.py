"""A site's media in and out of its archive (``media.tar.gz`` of an export or a backup), wherever they live.

The archive has one layout for both storages: ``<schema>/<file's name in the storage>``. On a file system
(django-tenants' ``TenantFileSystemStorage``) that is the folder ``MEDIA_ROOT/<schema>/``; on S3-compatible
storage (``tenants.storage.TenantS3Storage``) the objects under the site's key prefix, streamed from the
bucket into the archive without a local copy. A restore is staged first (the archive unpacked in a
temporary folder, so a bad archive fails before the schema is touched) and committed after the schema's
transaction: the folder swapped, or every object uploaded and the objects the backup did not hold deleted.
"""

from __future__ import annotations

import mimetypes
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages

from ..storage import TenantS3Storage


def storage_kind() -> str | None:
    """``"filesystem"``, ``"s3"``, or None for a storage whose files backups cannot reach."""
    storage = storages["default"]
    if isinstance(storage, TenantS3Storage):
        return "s3"
    if isinstance(storage, FileSystemStorage):
        return "filesystem"
    return None


def _bucket_objects(schema: str):
    """(client, bucket name, key prefix, [(key, size, modified)]) of the site's objects."""
    storage = storages["default"]
    client, bucket, prefix = storage.connection.meta.client, storage.bucket_name, storage.schema_prefix(schema)
    found = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        found += [(item["Key"], item["Size"], item["LastModified"]) for item in page.get("Contents", [])]
    return client, bucket, prefix, found


def delete_keys(client, bucket: str, keys: list[str]) -> None:
    """Delete objects, 1,000 a request (the most ``DeleteObjects`` takes)."""
    for start in range(0, len(keys), 1000):
        chunk = [{"Key": key} for key in keys[start : start + 1000]]
        client.delete_objects(Bucket=bucket, Delete={"Objects": chunk, "Quiet": True})


def pack(archive: tarfile.TarFile, schema: str) -> None:
    """Add every media file of ``schema`` to ``archive`` under ``<schema>/``."""
    kind = storage_kind()
    if kind == "filesystem":
        folder = Path(settings.MEDIA_ROOT) / schema
        if folder.is_dir():
            archive.add(folder, arcname=schema)
    elif kind == "s3":
        client, bucket, prefix, found = _bucket_objects(schema)
        for key, size, modified in found:
            info = tarfile.TarInfo(f"{schema}/{key[len(prefix) :]}")
            info.size, info.mtime, info.mode = size, int(modified.timestamp()), 0o644
            body = client.get_object(Bucket=bucket, Key=key)["Body"]
            try:
                archive.addfile(info, body)
            finally:
                body.close()


@dataclass
class StagedMedia:
    """The archive's files unpacked beside the live ones, waiting for the schema's restore to commit."""

    unpacked: Path
    into: str
    kind: str | None

    def discard(self) -> None:
        shutil.rmtree(self.unpacked.parent, ignore_errors=True)

    def commit(self) -> None:
        """Make the staged files the site's media (nothing else of the site's media is left)."""
        try:
            if self.kind == "filesystem":
                live = Path(settings.MEDIA_ROOT) / self.into
                if live.exists():
                    live.rename(self.unpacked.parent / "previous")
                self.unpacked.rename(live)
            elif self.kind == "s3":
                self._upload()
        finally:
            self.discard()

    def _upload(self) -> None:
        client, bucket, prefix, found = _bucket_objects(self.into)
        kept = set()
        for path in sorted(p for p in self.unpacked.rglob("*") if p.is_file()):
            key = prefix + path.relative_to(self.unpacked).as_posix()
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            client.upload_file(str(path), bucket, key, ExtraArgs={"ContentType": content_type})
            kept.add(key)
        delete_keys(client, bucket, [key for key, _, _ in found if key not in kept])


def stage(archive: Path, schema: str, into: str) -> StagedMedia:
    """Unpack the archive's ``<schema>/`` files for site schema ``into`` (next to ``MEDIA_ROOT`` on a
    file system, so the swap is a rename; in a temporary folder for S3)."""
    kind = storage_kind()
    if kind == "filesystem":
        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".restore-{into}-", dir=media_root))
    else:
        staging = Path(tempfile.mkdtemp(prefix=f"restore-{into}-"))
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(staging, filter="data")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    unpacked = staging / schema
    unpacked.mkdir(exist_ok=True)
    return StagedMedia(unpacked=unpacked, into=into, kind=kind)


def remove(schema: str) -> None:
    """Delete every media file of ``schema`` (a deleted site's)."""
    kind = storage_kind()
    if kind == "filesystem":
        shutil.rmtree(Path(settings.MEDIA_ROOT) / schema, ignore_errors=True)
    elif kind == "s3":
        client, bucket, _, found = _bucket_objects(schema)
        delete_keys(client, bucket, [key for key, _, _ in found])
