"""Bounded database connections under the real server: uvicorn with production settings (DEBUG=0)
serving two committed sites of the test database through a pool of two connections.

* requests of the two sites interleaved from many threads, over many rounds, each get their own
  site's page — a pooled connection last used by the other site never keeps its search_path — and
  the process never holds more than its two connections;
* a burst larger than the pool and its wait answers 503 with Retry-After, never 500, and the server
  serves normally afterwards.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import os
import threading
import time
from contextlib import contextmanager

import psycopg
import pytest
from django.db import connection

from tests.throwaway_services import serve

POOL_SIZE = 2


@pytest.fixture(scope="module")
def two_sites(committed_tenants):
    return (
        committed_tenants("hoguom", name="Tỉnh Hồ Gươm"),
        committed_tenants("songlam", name="Tỉnh Sông Lam"),
    )


def _database() -> dict:
    db = connection.settings_dict
    assert db["NAME"].startswith("test_")
    return {
        "dbname": db["NAME"],
        "user": db["USER"] or "postgres",
        "password": db["PASSWORD"] or None,
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
    }


@contextmanager
def uvicorn(application_name: str, timeout: float, busy_retry_after: int = 7):
    db = _database()
    auth = db["user"] + (f":{db['password']}" if db["password"] else "")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "pool-test-secret-key-not-for-production",
        "DATABASE_URL": f"postgres://{auth}@{db['host']}:{db['port']}/{db['dbname']}",
        "DB_POOL_SIZE": str(POOL_SIZE),
        "DB_POOL_MIN_SIZE": str(POOL_SIZE),
        "DB_POOL_TIMEOUT": str(timeout),
        "DB_BUSY_RETRY_AFTER": str(busy_retry_after),
        "DB_OPTIONS": f"-c jit=off -c application_name={application_name}",
        "CACHE_KEY_PREFIX": f"pooltest{application_name}{os.getpid()}",
        "LOG_LEVEL": "CRITICAL",
        "PAGE_CACHE": "0",  # every page rendered from the database: the pool is what is tested
        "SECURE_SSL_REDIRECT": "0",  # plain http on loopback (production redirects to https)
    }
    process, port = serve(env)
    try:
        yield port
    finally:
        process.terminate()
        process.wait(20)


def get(port: int, hostname: str, path: str = "/") -> tuple[int, http.client.HTTPMessage, str]:
    """(status, headers — looked up without regard to case, as HTTP names them —, body)."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        client.request("GET", path, headers={"Host": hostname})
        response = client.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        client.close()


class PeakConnections:
    """Samples, from a connection of its own, how many server connections the server process holds."""

    def __init__(self, application_name: str):
        self.application_name = application_name
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        with psycopg.connect(**_database(), autocommit=True) as conn:
            while not self._stop.is_set():
                (count,) = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [self.application_name]
                ).fetchone()
                self.peak = max(self.peak, count)
                time.sleep(0.02)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(5)


def test_interleaved_sites_over_two_pooled_connections_never_see_each_other(two_sites, db):
    a, b = two_sites
    sites = [
        (a.primary_hostname, "Tỉnh Hồ Gươm", "Tỉnh Sông Lam"),
        (b.primary_hostname, "Tỉnh Sông Lam", "Tỉnh Hồ Gươm"),
    ]
    threads, rounds = 8, 12

    def client(number: int) -> list[str]:
        problems = []
        for round_ in range(rounds):
            hostname, own, other = sites[(number + round_) % 2]
            status, _headers, body = get(port, hostname)
            if status != 200 or own not in body or other in body:
                problems.append(f"{hostname} round {round_}: {status}, own={own in body}, other={other in body}")
        return problems

    with uvicorn("pooltest_interleave", timeout=30) as port:
        for hostname, own, _other in sites:  # warm up both sites
            assert own in get(port, hostname)[2]
        with PeakConnections("pooltest_interleave") as connections:
            with concurrent.futures.ThreadPoolExecutor(threads) as executor:
                problems = [p for result in executor.map(client, range(threads)) for p in result]
    assert problems == []
    assert 1 <= connections.peak <= POOL_SIZE


def test_a_burst_beyond_the_pool_answers_503_with_retry_after_never_500(two_sites, db):
    a, _b = two_sites
    burst = 12
    with uvicorn("pooltest_burst", timeout=0.3, busy_retry_after=7) as port:
        assert get(port, a.primary_hostname)[0] == 200
        # Hold every page query of site A: the first requests keep both pooled connections while
        # they wait for the lock, the others cannot get a connection within the pool's timeout.
        with psycopg.connect(**_database()) as locker:
            locker.execute(f'LOCK TABLE "{a.schema_name}".wagtailcore_page IN ACCESS EXCLUSIVE MODE')
            with concurrent.futures.ThreadPoolExecutor(burst) as executor:
                futures = [executor.submit(get, port, a.primary_hostname) for _ in range(burst)]
                time.sleep(2.0)  # every request has had its 0.3 s wait by now
                locker.rollback()  # releases the lock: the two held requests finish
                results = [future.result() for future in futures]
        statuses = sorted(status for status, _headers, _body in results)
        assert 500 not in statuses and set(statuses) <= {200, 503}, statuses
        assert statuses.count(503) >= burst - POOL_SIZE, statuses
        assert statuses.count(200) >= 1, statuses
        for status, headers, body in results:
            if status == 503:
                assert headers["Retry-After"] == "7"
                assert "thử lại" in body and "try again" in body
        # and afterwards the server serves normally
        assert get(port, a.primary_hostname)[0] == 200
