"""Spare schemas: provisioning renames a ready copy of the template instead of cloning it."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_context, tenant_context
from wagtail.models import Page

from tenants.services import schema_builder
from tenants.services.errors import TenantError
from tenants.services.provisioning import TenantSpec, provision_tenant

pytestmark = pytest.mark.django_db


def _spare_names() -> list[str]:
    with schema_context("public"):
        return [name for name, _mark in schema_builder._spares(schema_builder._template_fingerprint())]


def test_provisioning_takes_a_spare_and_a_rolled_back_provisioning_gives_it_back():
    before = _spare_names()
    assert before, "the test database keeps spares (tests/conftest.py)"
    with transaction.atomic():
        tenant = provision_tenant(TenantSpec(name="Xã Dự Phòng", slug="duphong", kind="province"))
        assert _spare_names() == before[1:]
        with tenant_context(tenant):  # a full site: the template's rows plus the provisioning steps
            assert Page.objects.filter(depth=2).count() == 1
        transaction.set_rollback(True)
    assert _spare_names() == before


def test_a_failed_provisioning_leaves_every_spare_in_place():
    before = _spare_names()
    with pytest.raises(TenantError):
        provision_tenant(TenantSpec(name="Sai", slug="Sai Mã", kind="province"))
    assert _spare_names() == before


def test_a_spare_of_an_older_template_is_never_used_and_is_replaced():
    with schema_context("public"), connection.cursor() as cursor:
        stale = f"{schema_builder.SPARE_PREFIX}stale"
        cursor.execute(f"CREATE SCHEMA {stale}")
        cursor.execute(f"COMMENT ON SCHEMA {stale} IS %s", [schema_builder._spare_mark("an-older-template")])
    assert stale not in _spare_names()
    kept = len(_spare_names())
    assert schema_builder.prepare_spares(kept + 1) == 1
    with schema_context("public"):
        names = [name for name, _mark in schema_builder._spares()]
    assert stale not in names and len(_spare_names()) == kept + 1
