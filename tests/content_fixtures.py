"""Fixtures of the content tests: a province + component commune with the full demo content, built once
per test module (committed, then dropped), and per-test media directories."""

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


def _build_demo(specs: list[TenantSpec]) -> list[Tenant]:
    from sites.demo_content import build_demo_content

    _drop(list(Tenant.objects.filter(path__in=[_path(spec) for spec in specs]).order_by("-path")))
    tenants = [provision_tenant(spec) for spec in specs]
    for tenant in tenants:
        with tenant_context(tenant):
            build_demo_content(tenant)
    connection.set_schema_to_public()
    return tenants


def _path(spec: TenantSpec) -> str:
    return f"{spec.parent_path}.{spec.slug}" if spec.parent_path else spec.slug


@pytest.fixture(scope="module")
def demo_sites(django_db_setup, django_db_blocker, media_root):
    """(province, commune) with every content type of the content_site, shared by the tests of one module."""
    specs = [
        TenantSpec(name="Tỉnh Nội Dung", slug="noidung", kind="province"),
        TenantSpec(name="Xã Thành Phần", slug="thanhphan", kind="commune", parent_path="noidung"),
    ]
    with django_db_blocker.unblock():
        tenants = _build_demo(specs)
    yield tuple(tenants)
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        _drop(list(reversed(tenants)))


@pytest.fixture
def content_site(demo_sites, db):
    """The content_site province, inside the test's transaction (changes are rolled back)."""
    return demo_sites[0]


@pytest.fixture
def content_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def demo_province(django_db_setup, django_db_blocker, media_root):
    """A single province with the content_site content (documents, services, news, contacts…)."""
    with django_db_blocker.unblock():
        (tenant,) = _build_demo([TenantSpec(name="Tỉnh Tra Cứu", slug="tracuu", kind="province")])
    yield tenant
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        _drop([tenant])


@pytest.fixture
def doc_register(demo_province, db):
    return demo_province
