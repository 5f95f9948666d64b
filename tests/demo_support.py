"""Reaching the demo platform of the ``demo_server`` fixture from a test of the demo: its pages over
HTTP, its database through ``manage.py shell`` (the demo runs with DEMO=1 in its own processes, the
test process never installs the demo) and the row counts of every schema."""

from __future__ import annotations

import http.client
import json
import textwrap

import dj_database_url
import psycopg


def get(server, hostname: str, path: str = "/") -> tuple[int, str]:
    """GET ``path`` of ``hostname`` on the demo server (127.0.0.1, whatever *.localhost resolves to)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": f"{hostname}:{server.port}"})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def query(server, code: str):
    """Run ``code`` in the demo platform (Django set up, DEMO=1); it sets ``result``, returned as JSON."""
    script = textwrap.dedent(code) + "\nimport json\nprint(json.dumps(result, ensure_ascii=False, default=str))\n"
    return json.loads(server.manage("shell", "-c", script).strip().splitlines()[-1])


def row_counts(server) -> dict[str, dict[str, int]]:
    """Rows of every table of the public schema and of every tenant schema of the demo database."""
    cfg = dj_database_url.parse(server.env["DATABASE_URL"])
    conn = psycopg.connect(
        dbname=cfg["NAME"], user=cfg["USER"], password=cfg["PASSWORD"] or None, host=cfg["HOST"], port=cfg["PORT"]
    )
    counts: dict[str, dict[str, int]] = {}
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind = 'r' AND n.nspname IN (SELECT schema_name FROM public.tenants_tenant)"
            )
            for schema, table in cursor.fetchall():
                cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')
                counts.setdefault(schema, {})[table] = cursor.fetchone()[0]
    finally:
        conn.close()
    return counts
