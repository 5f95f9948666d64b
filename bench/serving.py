"""Child process of the page-serving benchmark (run by ``bench/provision.py``).

``python -m bench.serving setup-single`` migrates the single-schema baseline database and creates
its home page and Site with the platform's own provisioning hooks (idempotent).
``python -m bench.serving serve HOST[,HOST…] PATH`` serves that page through Django's WSGI
handler, in-process, and answers commands on stdin with one JSON line each:
``time N`` → N request durations in seconds on the first host; ``rotate N`` → the same, each
request on the next host; ``queries`` / ``rotate-queries`` → the SQL statements one request sends
(on the same host as before / on another host), counted at the psycopg cursor, so
``SET search_path`` counts too.
"""

from __future__ import annotations

import io
import json
import sys
import time

import django


class _StatementLog:
    statements: list[str] | None = None


def _counting_cursor_factory(base: type) -> type:
    class CountingCursor(base):
        def execute(self, query, params=None, **kwargs):
            if _StatementLog.statements is not None:
                _StatementLog.statements.append(query.decode() if isinstance(query, bytes) else str(query))
            return super().execute(query, params, **kwargs)

    return CountingCursor


def _install_counter() -> None:
    """Count at the driver's cursor of every connection (a pooled one too: it is counted once)."""
    from django.db.backends.signals import connection_created

    def on_connect(connection, **_kwargs):
        raw = connection.connection
        if not getattr(raw.cursor_factory, "counting", False):
            raw.cursor_factory = _counting_cursor_factory(raw.cursor_factory)
            raw.cursor_factory.counting = True

    connection_created.connect(on_connect, weak=False)


def _environ(host: str, path: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_ACCEPT_LANGUAGE": "vi",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def serve(hosts: list[str], path: str) -> None:
    django.setup()
    _install_counter()
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    statuses: list[str] = []

    def start_response(status, _headers, _exc_info=None):
        statuses.append(status)

    def one(host: str = hosts[0]) -> float:
        statuses.clear()
        started = time.perf_counter()
        response = handler(_environ(host, path), start_response)
        body = b"".join(response)
        response.close()
        elapsed = time.perf_counter() - started
        if not statuses[0].startswith("200") or not body:
            raise SystemExit(f"{host}{path} answered {statuses[0]}")
        return elapsed

    turn = 0

    def next_host() -> str:
        nonlocal turn
        turn += 1
        return hosts[turn % len(hosts)]

    for _ in range(30):  # warm-up: imports, template loading, connection, caches
        one()
    for host in hosts:
        one(host)
    one()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        command = line.split()
        if command[0] == "time":
            print(json.dumps([one() for _ in range(int(command[1]))]), flush=True)
        elif command[0] == "rotate":
            print(json.dumps([one(next_host()) for _ in range(int(command[1]))]), flush=True)
        elif command[0] in ("queries", "rotate-queries"):
            one()
            _StatementLog.statements = []
            one(hosts[0] if command[0] == "queries" else next_host())
            print(json.dumps(_StatementLog.statements), flush=True)
            _StatementLog.statements = None


def setup_single() -> None:
    django.setup()
    from django.core.management import call_command
    from wagtail.models import Site

    from bench.single_schema_site import SITE
    from tenants.models import Tenant
    from tenants.signals import prepare_tenant_schema, tenant_provisioned

    call_command("migrate", interactive=False, verbosity=0)
    if not Site.objects.filter(hostname=sys.argv[2]).exists():
        prepare_tenant_schema.send(sender=None, schema_name="public")
        tenant_provisioned.send(sender=Tenant, tenant=SITE, hostname=sys.argv[2], admin=None)


if __name__ == "__main__":
    if sys.argv[1] == "setup-single":
        setup_single()
    else:
        serve(sys.argv[2].split(","), sys.argv[3])
