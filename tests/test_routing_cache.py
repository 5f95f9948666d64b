"""Schema switches are cheap and still exact (tenants.postgresql_backend): the connection sends no
`SET search_path` for a schema it already has, each schema keeps its own ContentType cache, and a
rolled-back switch is never trusted."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context, tenant_context


class _Statements:
    """Every statement the driver's connection runs (Django's query log misses `SET search_path`)."""

    def __init__(self):
        self.sql: list[str] = []

    def __enter__(self):
        log = self.sql
        connection.ensure_connection()
        self._previous = connection.connection.cursor_factory

        class Counting(self._previous):
            def execute(self, query, params=None, **kwargs):
                log.append(query.decode() if isinstance(query, bytes) else str(query))
                return super().execute(query, params, **kwargs)

        connection.connection.cursor_factory = Counting
        return self

    def __exit__(self, *exc):
        connection.connection.cursor_factory = self._previous

    @property
    def sets(self) -> list[str]:
        return [sql for sql in self.sql if sql.startswith("SET search_path")]


def _hostname() -> str:
    from wagtail.models import Site

    return Site.objects.get().hostname


def test_content_type_cache_is_kept_per_schema(make_tenant):
    a, b = make_tenant(), make_tenant()
    with tenant_context(a):
        home_id = ContentType.objects.get(app_label="portal", model="homepage").pk
    with tenant_context(b), connection.cursor() as cursor:  # ids mean different things in B
        cursor.execute("UPDATE django_content_type SET model = 'trangchu' WHERE id = %s", [home_id])
    ContentType.objects.clear_cache()  # as after any change of content types

    connection.set_tenant(a)
    assert ContentType.objects.get_for_id(home_id).model == "homepage"
    connection.set_tenant(b)
    assert ContentType.objects.get_for_id(home_id).model == "trangchu"
    connection.set_tenant(a)
    with CaptureQueriesContext(connection) as queries:
        assert ContentType.objects.get_for_id(home_id).model == "homepage"
    assert not [q for q in queries.captured_queries if "django_content_type" in q["sql"]]
    ContentType.objects.clear_cache()  # an explicit clear still empties it
    with CaptureQueriesContext(connection) as queries:
        ContentType.objects.get_for_id(home_id)
    assert [q for q in queries.captured_queries if "django_content_type" in q["sql"]]


def test_a_short_visit_to_public_costs_no_search_path_on_return(make_tenant):
    a = make_tenant()
    connection.set_tenant(a)
    assert _hostname() == a.primary_hostname
    with _Statements() as statements:
        with schema_context("public"):
            cache.get("tenants:anything")  # no query in public: nothing to switch for
        assert _hostname() == a.primary_hostname
    assert statements.sets == []
    with _Statements() as statements:
        with schema_context("public"):
            from tenants.models import Tenant

            assert Tenant.objects.filter(pk=a.pk).exists()
        assert _hostname() == a.primary_hostname
    assert len(statements.sets) == 2  # to public and back: both needed


def test_a_rolled_back_switch_is_set_again(make_tenant):
    a, b = make_tenant(), make_tenant()
    connection.set_tenant(a)
    assert _hostname() == a.primary_hostname
    with _Statements() as statements:
        with pytest.raises(RuntimeError):
            with transaction.atomic():  # the SAVEPOINT statement runs on A's search_path
                connection.set_tenant(b)
                assert _hostname() == b.primary_hostname  # SET inside the savepoint…
                raise RuntimeError
        # …undone by ROLLBACK TO SAVEPOINT: the server is on A's search_path again while the
        # connection still says B, so B's search_path is set once more before the next statement.
        assert _hostname() == b.primary_hostname
    assert statements.sets == [f'SET search_path = "{b.schema_name}","public"'] * 2
    rollback = statements.sql.index(next(sql for sql in statements.sql if sql.startswith("ROLLBACK TO")))
    assert statements.sql[rollback + 1].startswith("SET search_path")
    connection.set_tenant(a)
    assert _hostname() == a.primary_hostname


def test_requests_alternating_between_hosts_each_get_their_own_page(client, make_tenant):
    a, b = make_tenant(name="Xã Một"), make_tenant(name="Xã Hai")
    for _ in range(2):
        assert "Xã Một" in client.get("/", HTTP_HOST=a.primary_hostname).content.decode()
        assert "Xã Hai" in client.get("/", HTTP_HOST=b.primary_hostname).content.decode()
