"""Fault suite: the platform in a real uvicorn process (production settings) on a throwaway
PostgreSQL cluster and a throwaway Redis server started by this module on private ports, which the
tests stop, restart and kill — the machine's shared services are never touched.

* Redis stopped → pages are still served (the page cache misses), a question is still accepted and
  stored, the visitor counter says it has no figures;
* no Celery worker → publishing succeeds, the outbox keeps the change, the search aggregate catches
  up when a worker starts;
* PostgreSQL stopped or restarted while requests run → 503 with the bilingual page and request id
  (never 500) for requests that need it, and the next request once it is back is served;
* a worker killed (SIGKILL) in the middle of a drain → after a new worker drains, every page has
  exactly one aggregate entry and the outbox is empty.
Every question a citizen submitted is in PostgreSQL at the end.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import os
import re
import signal
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from search.models import Entry
from tenants.services.schema_builder import SPARE_PREFIX
from tests.participation_helpers import QUESTION
from tests.throwaway_services import (
    ThrowawayPostgres,
    ThrowawayRedis,
    celery_worker,
    copy_database,
    manage,
    remove,
    serve,
    stop_worker,
)

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("faults"), pytest.mark.django_db]
ENTRY_TABLE = Entry._meta.db_table
# A session cookie: the page cache never answers it, so the request needs the database.
UNCACHED = {"Cookie": "sessionid=faults-editor"}
REQUEST_ID_RE = re.compile(r"Mã yêu cầu / Request id: <code>([0-9a-f]{32})</code>")


ACCEPTED = 303  # a stored question redirects to its receipt (post/redirect/get)


class Platform:
    """The throwaway services, the server's environment and the HTTP/SQL helpers of the tests."""

    def __init__(self, pg: ThrowawayPostgres, redis: ThrowawayRedis, env: dict, host: str, schema: str):
        self.pg, self.redis, self.env, self.host, self.schema = pg, redis, env, host, schema
        self.process, self.port = serve(env)
        self.submitted: list[str] = []  # titles of the questions the site accepted
        self.attempted: list[str] = []  # every title posted, accepted or not
        self.worker = None
        self.citizens = 0  # each question from another address (behind the trusted proxy): no rate limit

    def request(self, method: str, path: str = "/", body: str | None = None, headers: dict | None = None):
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            client.request(method, path, body=body, headers={"Host": self.host, **(headers or {})})
            response = client.getresponse()
            return response.status, response, response.read().decode()
        finally:
            client.close()

    def sql(self, statement: str, params: tuple = ()) -> list[tuple]:
        with psycopg.connect(self.pg.url("congttdt"), autocommit=True) as conn:
            cursor = conn.execute(statement, params)
            return cursor.fetchall() if cursor.description else []

    def shell(self, code: str):
        """Run ``code`` in the platform's own Django (sets ``result``, returned from JSON)."""
        script = code + "\nimport json\nprint(json.dumps(result))\n"
        return json.loads(manage(self.env, "shell", "-c", script).strip().splitlines()[-1])

    def ask(self, title: str) -> tuple[int, str]:
        """The Q&A form as a browser submits it: GET the page (CSRF cookie and token), then POST."""
        self.citizens += 1
        citizen = {"X-Forwarded-For": f"198.51.100.{self.citizens % 250 + 1}"}
        status, response, page = self.request("GET", "/hoi-dap/", headers=citizen)
        if status != 200:
            return status, page
        cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = {**QUESTION, "title": title, "csrfmiddlewaretoken": token}
        status, _, body = self.request(
            "POST",
            "/hoi-dap/gui-cau-hoi/",
            urlencode(data),
            {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}", **citizen},
        )
        self.attempted.append(title)
        if status == ACCEPTED:
            self.submitted.append(title)
        return status, body

    def stored_questions(self) -> list[str]:
        return [row[0] for row in self.sql(f'SELECT title FROM "{self.schema}".participation_question')]

    def publish(self, *titles: str) -> list[int]:
        """Publish new pages under the home page (Wagtail's own publish) from a separate process."""
        return self.shell(
            "from wagtail.models import Site\nfrom django.utils.text import slugify\n"
            "from django_tenants.utils import schema_context\nfrom sites.models import HomePage\n"
            f"with schema_context({self.schema!r}):\n"
            "    home = Site.objects.get(is_default_site=True).root_page\n"
            "    result = []\n"
            f"    for title in {list(titles)!r}:\n"
            "        page = HomePage(title=title, slug=slugify(title), locale=home.locale)\n"
            "        home.add_child(instance=page)\n"
            "        page.save_revision().publish()\n"
            "        result.append(page.pk)\n"
        )

    def sweep(self) -> None:
        """What Celery beat does every SEARCH_SWEEP_SECONDS: queue the sweep of every outbox."""
        from config.celery_app import app

        with app.connection_for_write(self.redis.url()) as broker:
            app.send_task("search.tasks.sweep_outboxes", connection=broker, queue="celery")

    def outbox(self) -> list[int]:
        return [row[0] for row in self.sql(f'SELECT page_id FROM "{self.schema}".search_outbox_outboxitem')]

    def entries(self, page_ids) -> list[int]:
        rows = self.sql(
            f"SELECT e.page_id FROM public.{ENTRY_TABLE} e JOIN public.tenants_tenant t ON t.id = e.tenant_id "
            "WHERE t.schema_name = %s AND e.page_id = ANY(%s)",
            (self.schema, list(page_ids)),
        )
        return sorted(row[0] for row in rows)

    def wait_for(self, predicate, timeout: float = 60, what: str = "condition"):
        deadline = time.monotonic() + timeout
        while not (value := predicate()):
            assert time.monotonic() < deadline, f"{what} not reached within {timeout} s"
            time.sleep(0.2)
        return value

    def start_worker(self):
        """A Celery worker on the throwaway Redis and database (the running one if there is one)."""
        if self.worker is None or self.worker.poll() is not None:
            self.worker = celery_worker(self.env)
        return self.worker

    def stop_worker(self, sig: int = signal.SIGTERM) -> str:
        output, self.worker = (stop_worker(self.worker, sig) if self.worker else ""), None
        return output

    def stop(self) -> None:
        self.stop_worker()
        self.process.terminate()
        self.process.wait(20)


@pytest.fixture(scope="module")
def platform(committed_tenants, django_db_blocker):
    """One site (with a Q&A page) copied from the test database into a throwaway cluster, served by
    uvicorn with production settings, a pool of two connections and the throwaway Redis."""
    from wagtail.models import Site

    from participation.models import QuestionIndexPage

    tenant = committed_tenants("suco", name="Tỉnh Sự Cố")
    with django_db_blocker.unblock(), tenant_context(tenant):
        home = Site.objects.get(is_default_site=True).root_page
        qa_page = home.add_child(instance=QuestionIndexPage(title="Hỏi đáp", slug="hoi-dap"))
        qa_page.save_revision().publish()
        connection.cursor().execute("DELETE FROM search_outbox_outboxitem")  # drained by no one here
        host, schema = tenant.primary_hostname, tenant.schema_name
    folder = Path(tempfile.mkdtemp(prefix="congttdt-faults-"))
    pg = ThrowawayPostgres(folder).create()
    redis = ThrowawayRedis().start()
    server = None
    try:
        with psycopg.connect(pg.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE congttdt")
        # The site, the platform host and the clone template, without the spare schemas.
        copy_database(connection.settings_dict, pg.url("congttdt"), exclude_schemas=f"{SPARE_PREFIX}*")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": "faults-test-secret-key-not-for-production",
            "SECURE_COOKIES": "0",  # plain HTTP on 127.0.0.1: TLS is the ingress's, not tested here
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": pg.url("congttdt"),
            "REDIS_URL": redis.url(),
            "CELERY_BROKER_URL": redis.url(),
            "CACHE_KEY_PREFIX": f"faults{uuid.uuid4().hex[:8]}",
            "DB_POOL_SIZE": "2",
            "DB_POOL_TIMEOUT": "2",
            "LOG_LEVEL": "CRITICAL",
        }
        env.pop("CELERY_TASK_ALWAYS_EAGER", None)
        env.pop("PYTEST_XDIST_WORKER", None)
        server = Platform(pg, redis, env, host, schema)
        yield server
    finally:
        if server is not None:
            server.stop()
        redis.stop()
        pg.destroy()
        remove(folder)


@pytest.fixture(scope="module", autouse=True)
def nothing_submitted_is_lost(platform):
    """After every fault of the module: each question the site accepted is stored, once. A question
    stored just before PostgreSQL went away may still have been answered 503 (the commit happened, the
    rest of the response could not): stored, not lost — but never one that was not posted, nor twice."""
    yield
    stored = platform.stored_questions()
    assert len(stored) == len(set(stored)), "a question stored twice"
    assert set(platform.submitted) <= set(stored), "an accepted question was lost"
    assert set(stored) <= set(platform.attempted)


def test_with_redis_stopped_pages_are_served_questions_stored_and_the_counter_degrades(platform):
    platform.redis.stop()
    try:
        for path in ("/", "/hoi-dap/", "/thong-ke-truy-cap/"):
            status, _, body = platform.request("GET", path)
            assert status == 200, body[:1000]
        assert "Chưa có số liệu" in body  # the visitor counter has no figures, its page renders
        status, _, body = platform.request("GET", "/api/v1/visitors")  # what the footer's script asks
        assert status == 503 and json.loads(body)["error"] == "Chưa có số liệu", body[:500]
        status, body = platform.ask("Câu hỏi khi Redis ngừng")
        assert status == ACCEPTED, body[:1000]
        assert "Câu hỏi khi Redis ngừng" in platform.stored_questions()
    finally:
        platform.redis.start()
    status, body = platform.ask("Câu hỏi khi Redis chạy lại")
    assert status == ACCEPTED, body[:1000]


def test_without_a_worker_publishing_succeeds_and_the_aggregate_catches_up(platform):
    [page] = platform.publish("Tin khi không có worker")
    assert platform.outbox().count(page) >= 1 and platform.entries([page]) == []  # kept, not lost
    platform.start_worker()
    platform.wait_for(lambda: platform.entries([page]) == [page], what="the aggregate entry")
    platform.wait_for(lambda: platform.outbox() == [], what="an empty outbox")


def test_a_worker_killed_mid_drain_loses_and_duplicates_nothing(platform):
    worker = platform.start_worker()  # the one of the test above when it still runs
    with psycopg.connect(platform.pg.url("congttdt")) as blocker:
        # The aggregate table held by the test: the worker's drain waits inside its transaction.
        blocker.execute(f"LOCK TABLE public.{ENTRY_TABLE} IN EXCLUSIVE MODE")
        pages = platform.publish(*(f"Tin rút dở {n}" for n in range(3)))

        def drain_waiting():
            return platform.sql(
                "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE %s",
                (f"%{ENTRY_TABLE}%",),
            )

        try:
            platform.wait_for(drain_waiting, what="a drain blocked in its transaction")
        finally:
            output = platform.stop_worker(signal.SIGKILL)
        blocker.rollback()
    assert worker.returncode == -signal.SIGKILL, output
    assert sorted(set(platform.outbox())) == sorted(pages)  # the killed drain committed nothing
    platform.start_worker()
    # Its task message went down with it: the periodic sweep (beat) finds the rows.
    platform.sweep()
    platform.wait_for(lambda: platform.outbox() == [], what="an empty outbox")
    assert platform.entries(pages) == sorted(pages)  # each page exactly once


def _unavailable(status: int, response, body: str) -> None:
    """503 with the bilingual page (busy: no connection in time; unavailable: the connection went away)."""
    assert status == 503, body[:1000]
    assert "Xin thử lại sau" in body and "Please try again" in body and response.getheader("Retry-After")
    assert REQUEST_ID_RE.search(body).group(1) == response.getheader("X-Request-ID")


def test_postgresql_restarted_while_requests_run_gives_503_then_serves_again(platform):
    def load(seconds: float) -> list[int]:
        statuses, end = [], time.monotonic() + seconds
        while time.monotonic() < end:
            status, response, body = platform.request("GET", "/", headers=UNCACHED)
            if status != 200:
                _unavailable(status, response, body)
            statuses.append(status)
        return statuses

    def questions(seconds: float) -> list[int]:
        """A citizen asking meanwhile: each question is either stored (303 to its receipt, counted as a
        success) or refused with a 503."""
        statuses, end = [], time.monotonic() + seconds
        while time.monotonic() < end:
            status, body = platform.ask(f"Câu hỏi trong lúc khởi động lại {len(statuses)}")
            assert status in (ACCEPTED, 503), body[:1000]
            statuses.append(200 if status == ACCEPTED else status)
        return statuses

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        runs = [pool.submit(load, 6) for _ in range(3)] + [pool.submit(questions, 6)]
        time.sleep(1)
        # Down long enough that requests surely meet it: a bare restart with fsync off takes well under
        # a tenth of a second, and the pool's reconnect then hides it from every request.
        platform.pg.stop()
        time.sleep(1.5)
        platform.pg.start()
        results = [run.result() for run in runs]
    statuses = [status for result in results for status in result]
    print(f"PostgreSQL restart under load: {statuses.count(200)} × 200, {statuses.count(503)} × 503")
    assert set(statuses) <= {200, 503} and statuses.count(503) >= 1
    assert all(result[-1] == 200 for result in results), "every client is served again after the restart"
    platform.pg.stop()
    try:
        _unavailable(*platform.request("GET", "/", headers=UNCACHED))
    finally:
        platform.pg.start()
    status, _, body = platform.request("GET", "/")
    assert status == 200, body[:1000]
    status, body = platform.ask("Câu hỏi sau khi cơ sở dữ liệu chạy lại")
    assert status == ACCEPTED, body[:1000]
