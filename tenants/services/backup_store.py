"""Where per-site backups are kept: a local folder or an S3-compatible bucket, chosen by one setting.

Both keep a backup as ``<path>/<UTC timestamp>/`` holding ``schema.dump``, ``media.tar.gz`` and
``manifest.json``; a backup counts once its manifest is there (it is written, or uploaded, last).

* Folder (default): ``TENANT_BACKUP_ROOT/<path>/<timestamp>/``; a backup's location is that folder.
* Bucket (``TENANT_BACKUP_S3_BUCKET`` set): keys ``<TENANT_BACKUP_S3_PREFIX>/<path>/<timestamp>/…`` through
  boto3 (``TENANT_BACKUP_S3_ENDPOINT_URL``, ``TENANT_BACKUP_S3_REGION``, ``TENANT_BACKUP_AWS_*`` keys or
  boto3's own chain); a backup's location is ``s3://<bucket>/<prefix>/<path>/<timestamp>``. The archive is
  written in a temporary folder, uploaded, and the folder removed; a restore downloads it into one.
"""

from __future__ import annotations

import datetime
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import boto3
from botocore.exceptions import ClientError
from django.conf import settings

from .errors import TenantError
from .media_archive import delete_keys
from .retirement import MANIFEST

ARCHIVE_FILES = ("schema.dump", "media.tar.gz", MANIFEST)  # upload order: the manifest last


def on_s3() -> bool:
    return bool(settings.TENANT_BACKUP_S3_BUCKET)


def _client():
    return boto3.session.Session().client(
        "s3",
        endpoint_url=settings.TENANT_BACKUP_S3_ENDPOINT_URL,
        region_name=settings.TENANT_BACKUP_S3_REGION,
        aws_access_key_id=settings.TENANT_BACKUP_AWS_ACCESS_KEY_ID,
        aws_secret_access_key=settings.TENANT_BACKUP_AWS_SECRET_ACCESS_KEY,
    )


def _site_prefix(path: str) -> str:
    prefix = settings.TENANT_BACKUP_S3_PREFIX
    return f"{prefix}/{path}/" if prefix else f"{path}/"


def _keys(client, bucket: str, prefix: str) -> list[str]:
    keys = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys += [item["Key"] for item in page.get("Contents", [])]
    return keys


def names(path: str) -> list[str]:
    """The names (UTC timestamps) of the site's complete backups, oldest first."""
    if on_s3():
        prefix = _site_prefix(path)
        found = _keys(_client(), settings.TENANT_BACKUP_S3_BUCKET, prefix)
        return sorted(key[len(prefix) :].split("/")[0] for key in found if key.endswith(f"/{MANIFEST}"))
    folder = Path(settings.TENANT_BACKUP_ROOT) / path
    return sorted(p.parent.name for p in folder.glob(f"*/{MANIFEST}")) if folder.is_dir() else []


def taken_at(name: str) -> datetime.datetime:
    """When a backup was taken: its name is the UTC time stamp ``retirement.timestamp`` wrote."""
    return datetime.datetime.strptime(name[:15], "%Y%m%dT%H%M%S").replace(tzinfo=datetime.UTC)


def location(path: str, name: str) -> str:
    """What ``tenants restore --from`` takes for that backup."""
    if on_s3():
        return f"s3://{settings.TENANT_BACKUP_S3_BUCKET}/{_site_prefix(path)}{name}"
    return str(Path(settings.TENANT_BACKUP_ROOT) / path / name)


def store(path: str, name: str, write: Callable[[Path], Path]) -> str:
    """Have ``write(folder)`` write the archive into a new folder and keep it as backup ``name``."""
    if not on_s3():
        write(Path(settings.TENANT_BACKUP_ROOT) / path / name)
        return location(path, name)
    with tempfile.TemporaryDirectory(prefix="backup-") as scratch:
        folder = write(Path(scratch) / name)
        client, prefix = _client(), f"{_site_prefix(path)}{name}/"
        try:
            for file_name in ARCHIVE_FILES:
                client.upload_file(str(folder / file_name), settings.TENANT_BACKUP_S3_BUCKET, prefix + file_name)
        except BaseException:
            delete_keys(client, settings.TENANT_BACKUP_S3_BUCKET, [prefix + n for n in ARCHIVE_FILES])
            raise
    return location(path, name)


def remove(path: str, name: str) -> None:
    """Delete one backup (retention)."""
    if on_s3():
        client, bucket = _client(), settings.TENANT_BACKUP_S3_BUCKET
        delete_keys(client, bucket, _keys(client, bucket, f"{_site_prefix(path)}{name}/"))
    else:
        shutil.rmtree(Path(settings.TENANT_BACKUP_ROOT) / path / name, ignore_errors=True)


@contextmanager
def fetched(source: str) -> Iterator[Path]:
    """A local folder holding the backup at ``source`` (a folder, or ``s3://bucket/key-prefix``)."""
    if not source.startswith("s3://"):
        yield Path(source)
        return
    bucket, _, key = source.removeprefix("s3://").partition("/")
    key = key.strip("/")
    if not (bucket and key):
        raise TenantError(f"Địa chỉ bản sao lưu không hợp lệ “{source}” (expected s3://bucket/key).")
    client = _client()
    with tempfile.TemporaryDirectory(prefix="restore-") as scratch:
        folder = Path(scratch)
        for file_name in ARCHIVE_FILES:
            try:
                client.download_file(bucket, f"{key}/{file_name}", str(folder / file_name))
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") not in {"404", "NoSuchKey", "NoSuchBucket"}:
                    raise
                # a missing file is refused by the checksum check that follows, nothing changed
        yield folder
