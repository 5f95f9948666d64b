"""/healthz and /readyz: answered on every host before routing; readiness reports each dependency,
timed, and answers 503 when Redis stops or a tenant schema is behind the code's migrations."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest
from django.db import connection
from django.test import override_settings
from django_tenants.utils import schema_context

from health import checks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cached_migration_answer():
    checks.forget_cached_results()
    yield
    checks.forget_cached_results()


@pytest.mark.parametrize("host", ["10.0.0.7", "localhost", "no-such-site.example"])
def test_liveness_answers_on_any_host_without_touching_the_database(client, host, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST=host)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readiness_reports_each_check_with_its_time_on_a_site_and_the_platform_host(client, commune):
    for host in (commune.primary_hostname, "localhost", "10.0.0.7"):
        response = client.get("/readyz", HTTP_HOST=host)
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["status"] == "ok"
        assert set(body["checks"]) == {"database", "redis", "search_backend", "migrations"}
        for result in body["checks"].values():
            assert result["ok"] is True and result["ms"] >= 0


def test_readiness_is_503_when_a_tenant_schema_misses_a_migration(client, commune):
    with schema_context(commune.schema_name), connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'portal' AND name = '0002_content_types'")
    response = client.get("/readyz", HTTP_HOST="localhost")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["migrations"]["ok"] is False
    assert commune.schema_name in body["checks"]["migrations"]["detail"]
    assert body["checks"]["database"]["ok"] is True


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def throwaway_redis(tmp_path):
    """A Redis of this test's own on a private port, so stopping it leaves the shared one alone."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is not installed (bin/services installs it)")
    port = _free_port()
    process = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    yield process, f"redis://127.0.0.1:{port}/0"
    if process.poll() is None:
        process.terminate()
        process.wait(10)


def test_readiness_is_503_when_redis_stops(client, throwaway_redis):
    process, url = throwaway_redis
    with override_settings(REDIS_URL=url):
        assert client.get("/readyz", HTTP_HOST="localhost").status_code == 200
        process.terminate()
        process.wait(10)
        response = client.get("/readyz", HTTP_HOST="localhost")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["redis"]["ok"] is False
    assert "Connection" in body["checks"]["redis"]["detail"]
    assert body["checks"]["database"]["ok"] is True


def test_other_methods_and_paths_are_left_to_the_site(client, commune):
    assert client.post("/healthz", HTTP_HOST=commune.primary_hostname).status_code != 200
    assert client.get("/healthz/", HTTP_HOST=commune.primary_hostname).status_code == 404
