"""Shared fixtures: a real PostgreSQL test database with the platform host and the clone template
built once per session; tenants are provisioned per test inside the test's transaction.

Under pytest-xdist (``bin/test`` runs ``-n``) every worker has a database of its own (pytest-django
adds ``_gw0``, ``_gw1``… to its name) and cache keys and media of its own (``tests/settings.py``).
Tests that share module-scoped state run on one worker (so it is built once), and so do the tests of
the demo server, which goes first: it is the longest unit of work."""

from __future__ import annotations

import itertools
import os

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from tenants.models import Tenant
from tenants.routing import routing_table
from tenants.services import schema_builder
from tenants.services.domains import ensure_platform_tenant
from tenants.services.provisioning import TenantSpec, provision_tenant

_counter = itertools.count(1)
SPARE_SCHEMAS = 6  # more than any test provisions; beyond them a test clones


def _shares_module_state(item: pytest.Item) -> bool:
    """Whether the test uses a module-scoped fixture of this suite (e.g. committed tenants)."""
    info = getattr(item, "_fixtureinfo", None)
    return info is not None and any(
        defs[-1].scope in ("module", "package", "class") and defs[-1].func.__module__.startswith("tests.")
        for defs in info.name2fixturedefs.values()
        if defs
    )


def _unit_of_work(item: pytest.Item) -> int:
    """0: the demo-server tests, 1: tests sharing module state, 2: the rest."""
    if "demo_server" in item.fixturenames:
        return 0
    return 1 if _shares_module_state(item) else 2


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Group the tests for ``--dist loadgroup`` (see the module docstring); before xdist reads the groups."""
    for item in items:
        unit = _unit_of_work(item)
        if unit == 0:
            item.add_marker(pytest.mark.xdist_group("demo"))
        elif unit == 1:
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


class _LongestFirst:
    """Runs after every other plugin's reordering (pytest-django puts tests without ``db`` last): the demo
    group first, then the module groups, in collection order otherwise (no test here is transactional)."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items):
        items.sort(key=_unit_of_work)


def pytest_configure(config):
    config.pluginmanager.register(_LongestFirst(), "longest-first")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_platform_tenant()
        schema_builder.ensure_template()
        # Provisioning in a test renames one of these (rolled back with the test) instead of cloning.
        schema_builder.prepare_spares(SPARE_SCHEMAS)


@pytest.fixture(autouse=True)
def _fresh_routing_and_schema():
    routing_table.invalidate()
    yield
    connection.set_schema_to_public()
    routing_table.invalidate()


@pytest.fixture
def make_tenant(db):
    """Provision a tenant (cloned from the template) inside the test transaction."""

    def make(slug=None, kind="province", parent=None, name=None, **extra):
        slug = slug or f"t{next(_counter)}"
        spec = TenantSpec(
            name=name or f"Đơn vị {slug}",
            slug=slug,
            kind=kind,
            parent_path=parent.path if parent is not None else None,
            **extra,
        )
        return provision_tenant(spec)

    return make


@pytest.fixture(scope="module")
def committed_tenants(django_db_setup, django_db_blocker):
    """Provision tenants outside the per-test transaction, for tests that run migrations (which cannot
    run inside one: their data changes leave pending trigger events that block later ALTER TABLEs).
    Their rows, domains and schemas are removed when the test module is done."""
    made = []
    # pytest-django sets up the test database only for modules whose tests ask for it (`db`):
    # never provision into the development database.
    assert connection.settings_dict["NAME"].startswith("test_"), "use the `db` fixture in this test module"

    def remove(tenant):
        from search.indexer import remove_tenant_entries

        remove_tenant_entries(tenant)  # as a deleted site's (the cascade cannot collect them: ``delete_entries``)
        with schema_context("public"):
            tenant.domains.all().delete()
            tenant.delete()
        schema_builder.drop_schema(tenant.schema_name)

    def make(slug, method="clone", kind="province", name=None, **extra):
        spec = TenantSpec(name=name or f"Đơn vị {slug}", slug=slug, kind=kind, **extra)
        assert not connection.in_atomic_block, "call committed_tenants from a module fixture, not inside a test"
        with django_db_blocker.unblock():
            path = f"{spec.parent_path}.{slug}" if spec.parent_path else slug
            with schema_context("public"):  # left over by an interrupted run on a kept (--reuse-db) database
                leftover = Tenant.objects.filter(path=path).first()
            if leftover is not None:
                remove(leftover)
            tenant = provision_tenant(spec, method=method)
        made.append(tenant)
        return tenant

    yield make
    with django_db_blocker.unblock():
        for tenant in reversed(made):
            remove(tenant)


@pytest.fixture
def province(make_tenant):
    return make_tenant("phutho", name="Tỉnh Phú Thọ", name_en="Phu Tho Province")


@pytest.fixture
def district(make_tenant, province):
    return make_tenant("thanhson", kind="district", parent=province, name="Huyện Thanh Sơn")


@pytest.fixture
def commune(make_tenant, district):
    return make_tenant("sonhung", kind="commune", parent=district, name="Xã Sơn Hùng")


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _pristine_test_database() -> str | None:
    """The test database's name while it holds only what the session fixture built (then the demo
    template can start as a copy of it instead of migrating again), else None."""
    with schema_context("public"):
        if Tenant.objects.exclude(schema_name="public").exists():
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%%' "
                "AND nspname NOT LIKE %s AND nspname NOT IN ('public', 'information_schema', %s)",
                [schema_builder.SPARE_PREFIX.replace("_", "\\_") + "%", schema_builder.TEMPLATE_SCHEMA],
            )
            if cursor.fetchone()[0]:
                return None
    return connection.settings_dict["NAME"]


@pytest.fixture(scope="session")
def demo_server(django_db_setup, django_db_blocker):
    """The demo province served by uvicorn from its own database (browser tests)."""
    from django.db import connections

    from demo.server import start_demo_server

    with django_db_blocker.unblock():
        seed = _pristine_test_database()
        connections.close_all()  # a database being copied must have no connections…
        for conn in connections.all():  # …not even the idle ones a connection pool keeps
            if getattr(conn, "pool", None) is not None:
                conn.close_pool()
    server = start_demo_server(os.environ.get("PYTEST_XDIST_WORKER", ""), seed=seed)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser). Per module, not per session:
    Playwright's sync API keeps an event loop running in this thread while it is open, and Django refuses
    database work from a thread with a running loop (SynchronousOnlyOperation) — the browser modules run
    first (demo group), so a session-long browser broke every later test of the worker."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# Citizen interaction & working days (participation/, workdays/)
# Merging communes (restructuring/)
from tests.merge_support import communes  # noqa: E402,F401
from tests.participation_helpers import citizen_site, participation_redis  # noqa: E402,F401
