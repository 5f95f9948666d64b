"""Retiring a site for good: export it (schema dump, media, manifest), then delete it.

An export is one folder under ``TENANT_EXPORT_ROOT``: ``schema.dump`` (``pg_dump --format=custom`` of
the site's schema, restorable with ``pg_restore``), ``media.tar.gz`` (the site's files,
``MEDIA_ROOT/<schema>/`` or its S3 key prefix: ``media_archive``) and ``manifest.json`` (the tenant
row, its domains, the files with their sizes and SHA-256). ``delete_tenant`` refuses unless such an
export exists and is younger than ``TENANT_EXPORT_MAX_AGE_HOURS`` and the site has no sub-sites; the
tenant row, its domains and its schema go in one transaction, its media (folder or objects) after commit.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tarfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import quote_schema_name, schema_context

from ..models import Domain, Tenant
from ..signals import changed, tenant_status_changed
from . import media_archive
from .errors import TenantError
from .registry import get_tenant

MANIFEST = "manifest.json"


def export_root() -> Path:
    return Path(settings.TENANT_EXPORT_ROOT)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pg_command_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump/pg_restore/psql."""
    db = connection.settings_dict
    args = ["--host", db["HOST"] or "127.0.0.1", "--port", str(db["PORT"] or 5432), "--username", db["USER"]]
    return args, {"PGPASSWORD": db["PASSWORD"] or "", "PATH": "/usr/bin:/bin:/usr/local/bin"}


def _pg_dump(schema_name: str, target: Path) -> None:
    common, env = pg_command_env()
    args = ["pg_dump", "--format=custom", f"--schema={schema_name}", f"--file={target}", "--no-owner", *common]
    args += ["--dbname", connection.settings_dict["NAME"]]
    result = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise TenantError(f"pg_dump thất bại (pg_dump failed): {result.stderr.strip()}")


def export_tenant(path: str) -> Path:
    """Write the site's archive folder and return it."""
    tenant = get_tenant(path)
    folder = write_archive(tenant, export_root() / f"{tenant.schema_name}-{timestamp()}")
    with schema_context("public"), transaction.atomic():
        changed("export", path, {}, {"folder": str(folder)})
    return folder


def timestamp() -> str:
    return timezone.now().strftime("%Y%m%dT%H%M%S%fZ")


def write_archive(tenant: Tenant, folder: Path) -> Path:
    """Write ``schema.dump``, ``media.tar.gz`` and ``manifest.json`` of ``tenant`` into a new ``folder``."""
    folder.mkdir(parents=True, exist_ok=False)
    try:
        _pg_dump(tenant.schema_name, folder / "schema.dump")
        with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
            media_archive.pack(archive, tenant.schema_name)
        with schema_context("public"):
            domains = list(
                Domain.objects.filter(tenant=tenant).order_by("-is_primary", "domain").values_list("domain", flat=True)
            )
        manifest = {
            "path": tenant.path,
            "schema": tenant.schema_name,
            "name": tenant.name,
            "name_en": tenant.name_en,
            "kind": tenant.kind,
            "status": tenant.status,
            "parent": tenant.parent.path if tenant.parent_id else None,
            "emc_code": tenant.emc_code,
            "domains": domains,
            "exported_at": datetime.now(UTC).isoformat(),
            "files": {
                name: {"bytes": (folder / name).stat().st_size, "sha256": sha256(folder / name)}
                for name in ("schema.dump", "media.tar.gz")
            },
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def latest_export(tenant: Tenant) -> tuple[Path, datetime] | None:
    """The newest complete export of ``tenant`` (its manifest names the same schema and path)."""
    found = []
    for manifest in export_root().glob(f"{tenant.schema_name}-*/{MANIFEST}"):
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            exported = datetime.fromisoformat(data["exported_at"])
        except (OSError, ValueError, KeyError):
            continue
        if data.get("schema") == tenant.schema_name and all((manifest.parent / n).exists() for n in data["files"]):
            found.append((manifest.parent, exported))
    return max(found, key=lambda item: item[1]) if found else None


def delete_tenant(path: str) -> None:
    """Delete a site that has a recent export and no sub-sites: row, domains, schema, media."""
    tenant = get_tenant(path)
    max_age = timedelta(hours=settings.TENANT_EXPORT_MAX_AGE_HOURS)
    export = latest_export(tenant)
    if export is None or datetime.now(UTC) - export[1] > max_age:
        raise TenantError(
            f"Chưa có bản xuất dữ liệu gần đây (trong {settings.TENANT_EXPORT_MAX_AGE_HOURS} giờ) của “{path}”: "
            "hãy xuất dữ liệu trước khi xoá (export the site first: no recent export)."
        )
    with schema_context("public"):
        if Tenant.objects.filter(parent=tenant).exists():
            raise TenantError(
                f"“{path}” còn đơn vị cấp dưới: hãy chuyển hoặc xoá chúng trước (the site still has sub-sites)."
            )
        with transaction.atomic():
            old = tenant.status
            tenant_status_changed.send(sender=Tenant, tenant=tenant, old=old, new="deleted")  # search lets go
            changed("delete", path, {"status": old, "schema": tenant.schema_name}, {"export": str(export[0])})
            schema = tenant.schema_name
            Domain.objects.filter(tenant=tenant).delete()
            tenant.delete()
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {quote_schema_name(schema)} CASCADE")
            transaction.on_commit(lambda: media_archive.remove(schema))
