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


def test_after_a_clone_the_server_process_is_ended_not_handed_back_to_the_pool():
    """A backend that made schemas keeps their relations in its caches and each next clone slows down;
    ``release_backend`` ends it even when the pool would hand the same process to the next request.
    Run in a thread: its own connection, outside the test's transaction."""
    import threading

    seen: dict[str, object] = {}

    def work():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                seen["before"] = cursor.fetchone()[0]
            seen["pooled"] = bool(connection.pool)
            schema_builder.release_backend()
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                seen["after"] = cursor.fetchone()[0]
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [seen["before"]])
                seen["old_alive"] = cursor.fetchone()[0]
        finally:
            connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen["pooled"], "the test settings use the pool (DB_POOL_SIZE), as production does"
    assert seen["after"] != seen["before"]
    assert seen["old_alive"] == 0


def test_no_backend_is_ended_inside_a_transaction():
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            before = cursor.fetchone()[0]
        schema_builder.release_backend()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            assert cursor.fetchone()[0] == before
