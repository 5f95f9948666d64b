"""Readiness check of the province-wide search backend (listed in ``HEALTH_CHECKS``): the aggregate
table answers on PostgreSQL and, when ``SEARCH_BACKEND=elasticsearch``, the cluster answers a ping."""

from __future__ import annotations

from django.conf import settings
from django_tenants.utils import get_public_schema_name, schema_context

from .engines import elastic
from .models import Entry


def search_backend() -> str:
    with schema_context(get_public_schema_name()):
        Entry.objects.only("pk").first()
    if settings.SEARCH_BACKEND != "elasticsearch":
        return "postgres"
    client = elastic.backend().es
    if not client.ping():
        raise RuntimeError("Elasticsearch/OpenSearch does not answer a ping")
    return "elasticsearch"
