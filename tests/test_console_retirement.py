"""Export then delete a site from the console (issue 11 item 3): pg_dump of the schema, its media and a
manifest; the delete refuses without a recent export. The site is committed (pg_dump reads it from
another connection)."""

from __future__ import annotations

import json
import tarfile

import pytest
from django_tenants.utils import schema_context, schema_exists

from console.models import AuditEntry
from tenants.models import Tenant

from .console_helpers import HOST, confirmed, console_staff, verified_login


@pytest.fixture(scope="module")
def retiring(committed_tenants, django_db_blocker):
    tenant = committed_tenants("xoathu", name="Tỉnh xoá thử")
    yield tenant
    with django_db_blocker.unblock(), schema_context("public"):
        AuditEntry.objects.filter(site_path="xoathu").delete()  # its committed "create" entry


def test_export_then_delete(retiring, db, client, settings, tmp_path):
    settings.TENANT_EXPORT_ROOT = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / retiring.schema_name).mkdir(parents=True)
    (tmp_path / "media" / retiring.schema_name / "a.txt").write_text("tệp")
    officer = verified_login(client, console_staff())
    url = f"/don-vi/{retiring.path}/"
    assert confirmed(officer, url + "xuat-du-lieu/").status_code == 302
    [folder] = list(tmp_path.glob(f"{retiring.schema_name}-*"))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["path"] == "xoathu" and manifest["schema"] == retiring.schema_name
    assert manifest["domains"] == ["www.xoathu.localhost"] and manifest["files"]["schema.dump"]["bytes"] > 1000
    with tarfile.open(folder / "media.tar.gz") as archive:
        assert f"{retiring.schema_name}/a.txt" in archive.getnames()
    assert "Bản xuất dữ liệu gần nhất" in officer.get(url, **HOST).content.decode()

    assert confirmed(officer, url + "xoa/").status_code == 302
    with schema_context("public"):
        assert not Tenant.objects.filter(path="xoathu").exists()
        logged = AuditEntry.objects.filter(site_path="xoathu").exclude(action="create").order_by("pk")
        assert [e.action for e in logged] == ["export", "delete"]
    assert not schema_exists(retiring.schema_name)
