"""Scheduled per-site backups and their restore (issue 18 item 4, D31): `manage.py tenants backup|restore`.

The site and its content are committed (pg_dump and the restore's psql use connections of their own);
the test reads and changes the site's rows on another connection too, so the test transaction never
holds a lock on the schema the restore replaces. The S3 round trip talks to a real S3 HTTP server
started by the test on a private port (``tests.throwaway_services.ThrowawayS3``): media on S3 and the
backups in a bucket of their own, then the site's search rebuilt from the restored schema."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django_tenants.utils import schema_context, tenant_context
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from console.models import AuditEntry
from search.indexer import drain_schema, remove_tenant_entries
from search.service import SearchRequest, search
from tenants.models import Tenant
from tenants.services import backups as backup_service
from tenants.services import schema_builder

from .factories import ArticlePageFactory, DocumentFactory, ImageFactory, home
from .pg_helpers import outside_the_test_transaction as sql
from .throwaway_services import ThrowawayS3

NEW_PATH = "banphuchoi"


@pytest.fixture(scope="module")
def site(committed_tenants, django_db_blocker, tmp_path_factory):
    media_root = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media_root):
        tenant = committed_tenants("saoluuthu", name="Tỉnh Sao Lưu Thử")
        with django_db_blocker.unblock(), tenant_context(tenant):
            ArticlePageFactory(parent=home(), title="Chỉ thị về sao lưu")
            ImageFactory(title="Ảnh trụ sở")
            DocumentFactory(title="Quyết định số 1")
        yield tenant
    with django_db_blocker.unblock(), schema_context("public"):
        AuditEntry.objects.filter(site_path__in=[tenant.path, NEW_PATH]).delete()
        for restored in Tenant.objects.filter(path=NEW_PATH):
            remove_tenant_entries(restored)
            restored.domains.all().delete()
            restored.delete()
        schema_builder.drop_schema("banphuchoi")


@pytest.fixture
def backups(settings, tmp_path):
    settings.TENANT_BACKUP_ROOT = tmp_path
    return tmp_path


def files_on_disk(schema: str) -> dict[str, bytes]:
    from django.conf import settings

    media = Path(settings.MEDIA_ROOT) / schema
    return {str(p.relative_to(media)): p.read_bytes() for p in sorted(media.rglob("*")) if p.is_file()}


def snapshot(schema: str, files_of=files_on_disk) -> tuple[list, list, dict]:
    """Every page row, every image/document row, and the bytes of every media file of ``schema``."""
    pages = sql(f'SELECT id, path, title, live, latest_revision_id FROM "{schema}".wagtailcore_page ORDER BY path')
    files = sql(
        f'SELECT id, title, file FROM "{schema}".wagtailimages_image UNION ALL '
        f'SELECT id, title, file FROM "{schema}".wagtaildocs_document ORDER BY 3'
    )
    return pages, files, files_of(schema)


def committed(tenant, work) -> None:
    """Run ``work`` in ``tenant`` (None: the public schema) on a connection of its own (a thread),
    committed at once."""
    failures = []

    def run():
        try:
            with tenant_context(tenant) if tenant else schema_context("public"):
                work()
        except BaseException as exc:  # re-raised in the test
            failures.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


def test_backup_change_restore_finds_everything_identical(site, db, backups):
    schema = site.schema_name
    before = snapshot(schema)
    assert len(before[0]) == 3 and len(before[1]) == 2 and len(before[2]) >= 2
    call_command("tenants", "backup", site.path)
    [folder] = list((backups / site.path).iterdir())

    def lose_content():  # edit a page, delete another, delete a document (row and file) and an image file
        Page.objects.filter(depth=2).update(title="Đã sửa")
        Page.objects.get(depth=3).specific.delete()
        document = get_document_model().objects.get()
        document.file.delete(save=False)
        document.delete()
        Path(get_image_model().objects.get().file.path).unlink()

    committed(site, lose_content)
    assert snapshot(schema) != before

    call_command("tenants", "restore", site.path, "--from", str(folder))
    assert snapshot(schema) == before

    # into a new site: its own path, schema and hostname; the original is untouched
    call_command("tenants", "restore", site.path, "--from", str(folder), "--into", NEW_PATH)
    copy = Tenant.objects.get(path=NEW_PATH)
    assert copy.schema_name == "banphuchoi" and copy.primary_hostname == "www.banphuchoi.localhost"
    assert snapshot(copy.schema_name) == before
    assert snapshot(schema) == before
    with tenant_context(copy):  # (this update is the test transaction's: read it there)
        assert Site.objects.get(is_default_site=True).hostname == "www.banphuchoi.localhost"


def test_retention_keeps_the_newest(site, db, backups, capsys):
    for _ in range(3):
        call_command("tenants", "backup", site.path, "--keep", "2")
    kept = sorted((backups / site.path).iterdir())
    assert len(kept) == 2 and all((k / "manifest.json").is_file() for k in kept)
    capsys.readouterr()
    call_command("tenants", "backups", site.path)  # what an operator passes to --from, oldest first
    assert capsys.readouterr().out.split() == [str(k) for k in kept]
    with pytest.raises(CommandError, match="--all"):
        call_command("tenants", "backup")


def test_a_corrupted_backup_is_refused_and_nothing_changes(site, db, backups):
    call_command("tenants", "backup", site.path)
    [folder] = list((backups / site.path).iterdir())
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["schema.dump"]["sha256"] = "0" * 64
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    sql(f"UPDATE \"{site.schema_name}\".wagtailcore_page SET title = 'Sửa sau sao lưu' WHERE depth = 2")
    changed = snapshot(site.schema_name)
    with pytest.raises(CommandError, match="SHA-256"):
        call_command("tenants", "restore", site.path, "--from", str(folder))
    assert snapshot(site.schema_name) == changed


def test_the_nightly_beat_entry_backs_up_every_active_site(site, db, backups, settings):
    from config.celery_app import app
    from tenants.tasks import backup_every_site

    entry = settings.CELERY_BEAT_SCHEDULE["tenants-backup-all"]
    assert app.tasks[entry["task"]].name == backup_every_site.name == "tenants.backup_all"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({1}, {30})
    assert backup_every_site() >= 1
    assert [p.name for p in (backups / site.path).iterdir()]  # one folder for the committed site


def test_a_manifest_naming_a_hostile_schema_is_refused(site, db, backups):
    call_command("tenants", "backup", site.path)
    [folder] = list((backups / site.path).iterdir())
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["schema"] = 'x"; DROP SCHEMA public CASCADE; --'
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(CommandError, match="manifest"):
        call_command("tenants", "restore", site.path, "--from", str(folder), "--into", "banhong")
    assert not Tenant.objects.filter(path="banhong").exists()


# --- S3: media in one bucket, backups in another, both on a throwaway S3 server ----------------------

MEDIA_BUCKET, BACKUP_BUCKET = "congttdt-media", "congttdt-backups"


@pytest.fixture(scope="module")
def s3():
    reason = ThrowawayS3.missing()
    if reason:
        pytest.skip(f"no S3-compatible server: {reason}")
    server = ThrowawayS3().start()
    try:
        for bucket in (MEDIA_BUCKET, BACKUP_BUCKET):
            server.client().create_bucket(Bucket=bucket)
        yield server
    finally:
        server.stop()


def on_s3(server: ThrowawayS3):
    """Settings of a deployment with S3 media (``TenantS3Storage``) and backups to a bucket."""
    from django.conf import settings

    keys = {"access_key": server.ACCESS_KEY, "secret_key": server.SECRET_KEY, "region_name": server.REGION}
    media = {"bucket_name": MEDIA_BUCKET, "endpoint_url": server.endpoint_url, "location": "sites", **keys}
    return override_settings(
        STORAGES={**settings.STORAGES, "default": {"BACKEND": "tenants.storage.TenantS3Storage", "OPTIONS": media}},
        TENANT_BACKUP_S3_BUCKET=BACKUP_BUCKET,
        TENANT_BACKUP_S3_PREFIX="nightly",
        TENANT_BACKUP_S3_ENDPOINT_URL=server.endpoint_url,
        TENANT_BACKUP_S3_REGION=server.REGION,
        TENANT_BACKUP_AWS_ACCESS_KEY_ID=server.ACCESS_KEY,
        TENANT_BACKUP_AWS_SECRET_ACCESS_KEY=server.SECRET_KEY,
    )


def objects_of(server: ThrowawayS3, bucket: str, prefix: str) -> dict[str, bytes]:
    client = server.client()
    listed = client.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])
    return {o["Key"][len(prefix) :]: client.get_object(Bucket=bucket, Key=o["Key"])["Body"].read() for o in listed}


@pytest.fixture(scope="module")
def s3_site(s3, committed_tenants, django_db_blocker):
    with on_s3(s3):
        tenant = committed_tenants("saoluus3", name="Tỉnh Sao Lưu Thử Hai")
        with django_db_blocker.unblock():
            with tenant_context(tenant):
                ArticlePageFactory(parent=home(), title="Chỉ thị lưu trữ đám mây")
                ImageFactory(title="Ảnh cổng tỉnh")
                DocumentFactory(title="Quyết định số 2")
            drain_schema(tenant.schema_name)
    yield tenant
    with django_db_blocker.unblock(), schema_context("public"):
        AuditEntry.objects.filter(site_path=tenant.path).delete()


def found(site, text: str) -> tuple[list[str], list[str]]:
    """Titles that the province-wide search and the site's own (Wagtail) search find for ``text`` (read on
    a connection of its own: the test transaction must hold no lock on the schema a restore drops)."""
    titles = []

    def look():
        titles.append([hit.title for hit in search(SearchRequest(text=text, scope=site.path), use_cache=False).hits])
        titles.append([page.title for page in Page.objects.live().search(text)])

    committed(site, look)
    return titles[0], titles[1]


def test_s3_backup_change_restore_finds_everything_and_search_follows(s3_site, s3, db, backups, capsys):
    site, schema = s3_site, s3_site.schema_name
    with on_s3(s3):
        media = lambda schema: objects_of(s3, MEDIA_BUCKET, f"sites/{schema}/")  # noqa: E731
        before = snapshot(schema, media)
        assert len(before[1]) == 2 and len(before[2]) >= 2  # an image and a PDF, on S3
        assert found(site, "lưu trữ đám mây") == (["Chỉ thị lưu trữ đám mây"], ["Chỉ thị lưu trữ đám mây"])
        call_command("tenants", "backup", site.path)
        [where] = backup_service.backups_of(site.path)
        assert where.startswith(f"s3://{BACKUP_BUCKET}/nightly/{site.path}/") and where in capsys.readouterr().out
        assert not any(backups.iterdir())  # nothing kept on the local disk
        stored = objects_of(s3, BACKUP_BUCKET, where.removeprefix(f"s3://{BACKUP_BUCKET}/") + "/")
        assert sorted(stored) == ["manifest.json", "media.tar.gz", "schema.dump"]

        def lose_content():  # a page deleted, another added, a document and an image file gone, a stray file
            Page.objects.get(title="Chỉ thị lưu trữ đám mây").specific.delete()
            ArticlePageFactory(parent=home(), title="Thông báo đám mây mới")
            Page.objects.filter(depth=2).update(title="Đã sửa")
            document = get_document_model().objects.get()
            document.file.delete(save=False)
            document.delete()
            get_image_model().objects.get().file.storage.delete(get_image_model().objects.get().file.name)
            ImageFactory(title="Ảnh thêm sau")

        committed(site, lose_content)
        committed(None, lambda: drain_schema(schema))
        assert snapshot(schema, media) != before
        assert found(site, "đám mây") == (["Thông báo đám mây mới"], ["Thông báo đám mây mới"])

        committed(None, lambda: call_command("tenants", "restore", site.path, "--latest"))
        assert snapshot(schema, media) == before  # rows, and every object's bytes (the stray one gone)
        assert found(site, "đám mây") == (["Chỉ thị lưu trữ đám mây"], ["Chỉ thị lưu trữ đám mây"])

        for _ in range(2):  # retention in the bucket: the first backup is deleted there
            call_command("tenants", "backup", site.path, "--keep", "2")
        kept = backup_service.backups_of(site.path)
        assert len(kept) == 2 and where not in kept
        assert not objects_of(s3, BACKUP_BUCKET, where.removeprefix(f"s3://{BACKUP_BUCKET}/") + "/")
