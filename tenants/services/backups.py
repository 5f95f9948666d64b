"""Scheduled per-site backups (D31) and their restore, built on the retirement export.

A backup is the export of ``retirement.write_archive`` (``schema.dump``, ``media.tar.gz`` — the site's
media from the file system or its S3 key prefix, ``media_archive`` — and ``manifest.json`` with SHA-256),
kept by ``backup_store`` in ``TENANT_BACKUP_ROOT/<path>/<timestamp>/`` or, with ``TENANT_BACKUP_S3_BUCKET``,
in an S3-compatible bucket; only the ``TENANT_BACKUP_KEEP`` newest of a site are kept, in either place.
A restore (from a folder or an ``s3://`` location) checks every checksum first and refuses on a
mismatch before touching anything; the schema is then replaced in one PostgreSQL transaction
(``DROP SCHEMA`` + the dump, run by ``psql --single-transaction``) and the media swapped after that
commit. Into a new site, the dump is restored under the new schema name (the live schema is
renamed aside and back in the same transaction) and the tenant row and domain are registered.
Last, ``tenant_restored`` is sent: search rebuilds the site's own index and its province-wide entries.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django_tenants.utils import schema_context, tenant_context

from ..models import Domain, Tenant
from ..signals import changed, primary_domain_changed, tenant_restored
from . import backup_store, media_archive
from .errors import TenantError
from .provisioning import TenantSpec, validate_spec
from .registry import get_tenant
from .retirement import MANIFEST, pg_command_env, sha256, timestamp, write_archive

SCHEMA_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")  # the manifest is not covered by a checksum: it names SQL


def backups_of(path: str) -> list[str]:
    """The locations of the site's complete backups, oldest first (``tenants restore --from`` takes one)."""
    return [backup_store.location(path, name) for name in backup_store.names(path)]


def backup_tenant(path: str, keep: int | None = None) -> str:
    """Back ``path`` up, delete all but its ``keep`` newest backups, return the new one's location."""
    keep = settings.TENANT_BACKUP_KEEP if keep is None else keep
    if keep < 1:
        raise TenantError("Số bản sao lưu giữ lại phải ≥ 1 (--keep must be 1 or more).")
    tenant = get_tenant(path)
    where = backup_store.store(tenant.path, timestamp(), lambda folder: write_archive(tenant, folder))
    for old in backup_store.names(tenant.path)[:-keep]:
        backup_store.remove(tenant.path, old)
    with schema_context("public"), transaction.atomic():
        changed("backup", tenant.path, {}, {"folder": where})
    return where


def backup_all(keep: int | None = None) -> list[str]:
    """Back up every active site (the platform row has no content schema of its own)."""
    with schema_context("public"):
        paths = list(
            Tenant.objects.filter(status=Tenant.Status.ACTIVE)
            .exclude(kind=Tenant.Kind.PLATFORM)
            .values_list("path", flat=True)
        )
    return [backup_tenant(path, keep) for path in paths]


def read_manifest(folder: Path) -> dict:
    """The manifest of a backup, after checking that every file it names has its recorded SHA-256."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
        if not (SCHEMA_RE.match(manifest["schema"]) and manifest["path"]):
            raise ValueError("a valid schema and a path are required")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise TenantError(f"Không đọc được bản sao lưu “{folder}” (unreadable backup manifest): {exc}") from exc
    for name in ("schema.dump", "media.tar.gz"):
        entry = files.get(name) or {}
        target = folder / name
        if not target.is_file() or sha256(target) != entry.get("sha256"):
            raise TenantError(
                f"Tệp “{name}” của bản sao lưu không khớp mã kiểm tra SHA-256 (checksum mismatch): "
                "không khôi phục, không có gì thay đổi (nothing restored)."
            )
    return manifest


def _psql_restore(dump: Path, schema: str, into: str) -> None:
    """Replace schema ``into`` by the dump of ``schema`` in one transaction of its own."""
    common, env = pg_command_env()
    script = subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(dump)],
        capture_output=True,
        env=env,
        check=False,
    )
    if script.returncode != 0:
        raise TenantError(f"pg_restore thất bại (pg_restore failed): {script.stderr.decode().strip()}")
    hold = f"{schema}__restore_hold"
    if into == schema:
        before = f'DROP SCHEMA IF EXISTS "{schema}" CASCADE;\n'
        after = ""
    else:  # the dump names its schema: restore it there, with the live one (if any) renamed aside
        before = (
            f'DROP SCHEMA IF EXISTS "{into}" CASCADE;\n'
            f"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '{schema}') THEN "
            f'ALTER SCHEMA "{schema}" RENAME TO "{hold}"; END IF; END $$;\n'
        )
        after = (
            f'ALTER SCHEMA "{schema}" RENAME TO "{into}";\n'
            f"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '{hold}') THEN "
            f'ALTER SCHEMA "{hold}" RENAME TO "{schema}"; END IF; END $$;\n'
        )
    sql = before.encode() + script.stdout + b"\n" + after.encode()
    args = ["psql", "--quiet", "--no-psqlrc", "--single-transaction", "-v", "ON_ERROR_STOP=1", *common]
    result = subprocess.run(
        [*args, "--dbname", connection.settings_dict["NAME"]], input=sql, capture_output=True, env=env, check=False
    )
    if result.returncode != 0:
        raise TenantError(f"Khôi phục schema thất bại (restore failed): {result.stderr.decode().strip()}")


def restore_tenant(path: str, source: str | Path, into: str | None = None, hostname: str | None = None) -> Tenant:
    """Restore the backup at ``source`` (a folder or ``s3://…``) into site ``path`` (replacing it) or
    into a new site ``into``."""
    with backup_store.fetched(str(source)) as folder:
        tenant, manifest = _restore_from(folder, path, into, hostname)
    with schema_context("public"), transaction.atomic():
        changed("restore", tenant.path, {}, {"from": str(source), "backup_of": manifest["path"]})
    return tenant


def _restore_from(source: Path, path: str, into: str | None, hostname: str | None) -> tuple[Tenant, dict]:
    manifest = read_manifest(source)
    if into:
        parent_path, _, slug = into.rpartition(".")
        checked = validate_spec(
            TenantSpec(
                name=manifest.get("name") or slug,
                name_en=manifest.get("name_en", ""),
                slug=slug,
                kind=manifest.get("kind", ""),
                parent_path=parent_path or None,
                hostname=hostname,
            )
        )
        target_schema = checked.schema_name
    else:
        tenant = get_tenant(path)
        if manifest["schema"] != tenant.schema_name:
            raise TenantError(
                f"Bản sao lưu thuộc “{manifest['path']}”, không phải “{path}” (the backup belongs to another site); "
                "dùng --into để khôi phục thành đơn vị mới (use --into for a new site)."
            )
        target_schema = tenant.schema_name
    staged = media_archive.stage(source / "media.tar.gz", manifest["schema"], target_schema)
    try:
        _psql_restore(source / "schema.dump", manifest["schema"], target_schema)
    except BaseException:
        staged.discard()
        raise
    if into:
        try:
            with schema_context("public"), transaction.atomic():
                tenant = Tenant.objects.create(
                    schema_name=target_schema,
                    name=checked.spec.name,
                    name_en=checked.spec.name_en,
                    slug=checked.spec.slug,
                    kind=checked.spec.kind,
                    parent=checked.parent,
                    path=checked.path,
                )
                Domain.objects.create(domain=checked.hostname, tenant=tenant, is_primary=True)
        except BaseException:
            staged.discard()
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{target_schema}" CASCADE')
            raise
    staged.commit()
    with tenant_context(tenant):  # the Wagtail Site follows the primary domain; cached pages are dropped
        primary_domain_changed.send(sender=Tenant, tenant=tenant, hostname=tenant.primary_hostname)
    connection.set_schema_to_public()
    tenant_restored.send(sender=Tenant, tenant=tenant)
    connection.set_schema_to_public()
    return tenant, manifest
