"""A tenant change made in a transaction reaches the routing table of every process once committed."""

from django.db import transaction

from tenants import routing
from tenants.services.domains import add_domain


def test_a_table_reloaded_before_the_commit_reloads_after_it(
    make_tenant, django_capture_on_commit_callbacks, monkeypatch
):
    tenant = make_tenant(slug="hoavang")
    other_process = routing._RoutingTable()  # another worker: its own table, the shared generation
    monkeypatch.setattr(routing, "RECHECK_SECONDS", 0.0)
    other_process.lookup("hoavang.localhost")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            add_domain(tenant.path, "hoavang-moi.localhost")
            # The other worker reloads between the change and its commit: it cannot see the
            # uncommitted domain, yet it has read the new generation.
            other_process.lookup("hoavang.localhost")
            loads_in_window = other_process.loads
    route, found = other_process.lookup("hoavang-moi.localhost")
    assert other_process.loads == loads_in_window + 1
    assert found is not None and found.pk == tenant.pk and route.schema_name == tenant.schema_name
