"""One structured log line per request with its id, tenant schema, host, user, status and duration;
the id comes back in X-Request-ID and on the 500 page; LOG_FORMAT=json writes one JSON object a line."""

from __future__ import annotations

import json
import logging
import logging.config

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django_tenants.utils import tenant_context

from core.requestlog import server_error

pytestmark = pytest.mark.django_db


def _request_records(caplog):
    return [record for record in caplog.records if record.name == "congttdt.request"]


def test_each_request_is_logged_once_with_its_tenant_host_status_and_id(client, commune, caplog):
    caplog.set_level(logging.INFO, logger="congttdt.request")
    response = client.get("/", HTTP_HOST=commune.primary_hostname)
    assert response.status_code == 200
    (record,) = _request_records(caplog)
    assert record.getMessage() == "GET / 200"
    assert record.tenant_schema == commune.schema_name
    assert record.host == commune.primary_hostname
    assert record.status == 200 and record.user_id is None and record.duration_ms > 0
    assert record.request_id == response["X-Request-ID"] and len(record.request_id) == 32


def test_the_signed_in_user_is_logged_by_id(client, commune, caplog):
    with tenant_context(commune):
        user = get_user_model().objects.create_user("bientap1", password="Mat-khau-dai-2026!")
        client.force_login(user)  # session and last_login live in the tenant's schema
    caplog.set_level(logging.INFO, logger="congttdt.request")
    client.get("/admin/", HTTP_HOST=commune.primary_hostname)
    assert [record.user_id for record in _request_records(caplog)] == [user.pk]


def test_a_proxy_request_id_is_kept_and_a_hostile_one_replaced(client, commune):
    kept = client.get("/", HTTP_HOST=commune.primary_hostname, HTTP_X_REQUEST_ID="lb-7f3a9c21-0001")
    assert kept["X-Request-ID"] == "lb-7f3a9c21-0001"
    hostile = client.get("/", HTTP_HOST=commune.primary_hostname, HTTP_X_REQUEST_ID="<script>x</script>")
    assert hostile["X-Request-ID"] != "<script>x</script>" and len(hostile["X-Request-ID"]) == 32


def test_probes_are_not_logged(client, caplog):
    caplog.set_level(logging.INFO, logger="congttdt.request")
    client.get("/healthz", HTTP_HOST="10.0.0.9")
    assert _request_records(caplog) == []


def test_json_format_writes_one_object_per_line_with_the_request_fields(client, commune, caplog):
    caplog.set_level(logging.INFO, logger="congttdt.request")
    client.get("/", HTTP_HOST=commune.primary_hostname)
    (record,) = _request_records(caplog)
    formatter = logging.config.DictConfigurator({}).configure_formatter(settings.LOGGING["formatters"]["json"])
    line = formatter.format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data["message"] == "GET / 200" and data["level"] == "INFO" and data["logger"] == "congttdt.request"
    assert data["tenant_schema"] == commune.schema_name and data["status"] == 200
    assert data["request_id"] == record.request_id


def test_the_500_page_shows_the_request_id_in_both_languages():
    request = RequestFactory().get("/", HTTP_X_REQUEST_ID="req-0123456789")
    response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500 and response["X-Request-ID"] == "req-0123456789"
    assert "req-0123456789" in body and "Đã xảy ra lỗi" in body and "Something went wrong" in body


def test_both_url_confs_use_the_500_page():
    from config import urls_public, urls_tenant

    assert urls_public.handler500 == urls_tenant.handler500 == "core.requestlog.server_error"


def test_a_lost_database_answers_503_with_the_request_id_and_a_bug_still_500():
    """A real refused connection (nothing listens on port 1): the bilingual 503 page, not the 500 one."""
    import psycopg
    from django.db import ProgrammingError

    from tenants import connections

    request = RequestFactory().get("/", HTTP_X_REQUEST_ID="req-9876543210")
    try:
        psycopg.connect("host=127.0.0.1 port=1 connect_timeout=2")
    except psycopg.OperationalError as error:
        response = connections.DatabaseBusyMiddleware(lambda request: None).process_exception(request, error)
    body = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] and response["X-Request-ID"] == "req-9876543210"
    assert "req-9876543210" in body and "Xin thử lại sau" in body and "Please try again" in body
    assert connections.database_failure(ProgrammingError("relation does not exist")) is None  # a bug: 500
