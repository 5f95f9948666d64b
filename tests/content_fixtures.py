"""Fixtures of the content tests: a province + component commune with content of every page type (built
by the factories, see ``content_data``), once per test module (committed, then dropped), and per-test
media directories."""

from __future__ import annotations

import shutil
import tempfile

import pytest
from django.db import connection
from django.test import override_settings
from django_tenants.utils import schema_context, tenant_context

from tenants.models import Tenant
from tenants.routing import routing_table
from tenants.services import schema_builder
from tenants.services.provisioning import TenantSpec, provision_tenant


def _drop(tenants: list[Tenant]) -> None:
    with schema_context("public"):
        for tenant in tenants:
            schema_builder.drop_schema(tenant.schema_name)
            tenant.domains.all().delete()
            Tenant.objects.filter(pk=tenant.pk).delete()
    routing_table.invalidate()


@pytest.fixture(scope="module")
def media_root():
    path = tempfile.mkdtemp(prefix="congttdt-content_media-")
    with override_settings(MEDIA_ROOT=path):
        yield path
    shutil.rmtree(path, ignore_errors=True)


def _build(specs: list[TenantSpec]) -> list[Tenant]:
    from .content_data import build_content

    _drop(list(Tenant.objects.filter(path__in=[_path(spec) for spec in specs]).order_by("-path")))
    tenants = [provision_tenant(spec) for spec in specs]
    for tenant in tenants:
        with tenant_context(tenant):
            build_content(tenant)
    connection.set_schema_to_public()
    return tenants


def _path(spec: TenantSpec) -> str:
    return f"{spec.parent_path}.{spec.slug}" if spec.parent_path else spec.slug


@pytest.fixture(scope="module")
def content_sites(django_db_setup, django_db_blocker, media_root):
    """(province, commune) with content of every page type, shared by the tests of one module."""
    specs = [
        TenantSpec(name="Tỉnh Nội Dung", slug="noidung", kind="province"),
        TenantSpec(name="Xã Thành Phần", slug="thanhphan", kind="commune", parent_path="noidung"),
    ]
    with django_db_blocker.unblock():
        tenants = _build(specs)
    yield tuple(tenants)
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        _drop(list(reversed(tenants)))


@pytest.fixture
def content_site(content_sites, db):
    """The province of ``content_sites``, inside the test's transaction (changes are rolled back)."""
    return content_sites[0]


@pytest.fixture
def content_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def register_province(django_db_setup, django_db_blocker, media_root):
    """A single province with the same content (documents, services, news, contacts…)."""
    with django_db_blocker.unblock():
        (tenant,) = _build([TenantSpec(name="Tỉnh Tra Cứu", slug="tracuu", kind="province")])
    yield tenant
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        _drop([tenant])


@pytest.fixture
def doc_register(register_province, db):
    return register_province
