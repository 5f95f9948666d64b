"""Request routing keeps one ContentType cache per schema: switching tenants neither empties it
(a query per switch) nor serves one schema's content type ids in another."""
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tenants.middleware import switch_tenant


def test_content_type_cache_is_kept_per_schema(make_tenant):
    a, b = make_tenant(), make_tenant()
    with tenant_context(a):
        home_id = ContentType.objects.get(app_label="portal", model="homepage").pk
    with tenant_context(b), connection.cursor() as cursor:  # ids mean different things in B
        cursor.execute("UPDATE django_content_type SET model = 'trangchu' WHERE id = %s", [home_id])

    switch_tenant(a)
    assert ContentType.objects.get_for_id(home_id).model == "homepage"
    switch_tenant(b)
    assert ContentType.objects.get_for_id(home_id).model == "trangchu"
    switch_tenant(a)
    with CaptureQueriesContext(connection) as queries:
        assert ContentType.objects.get_for_id(home_id).model == "homepage"
    assert not [q for q in queries.captured_queries if "django_content_type" in q["sql"]]


def test_a_switch_through_routing_serves_each_host_its_own_page(client, make_tenant):
    a, b = make_tenant(name="Xã Một"), make_tenant(name="Xã Hai")
    for _ in range(2):
        assert "Xã Một" in client.get("/", HTTP_HOST=a.primary_hostname).content.decode()
        assert "Xã Hai" in client.get("/", HTTP_HOST=b.primary_hostname).content.decode()
