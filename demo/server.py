"""A real demo platform for browser tests: its own database, the demo province loaded by the
real commands, served by uvicorn on a free port of 127.0.0.1 (``*.localhost`` resolves there)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import psycopg

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class DemoServer:
    port: int
    env: dict
    process: subprocess.Popen

    def url(self, hostname: str, path: str = "/") -> str:
        return f"http://{hostname}:{self.port}{path}"

    def manage(self, *args: str) -> str:
        return _run([sys.executable, "manage.py", *args], self.env)

    def pages(self, *paths: str) -> list[dict]:
        return json.loads(self.manage("demo_pages", *(["--paths", *paths] if paths else [])))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(command: list[str], env: dict) -> str:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _recreate_database(url: str) -> None:
    cfg = dj_database_url.parse(url)
    conn = psycopg.connect(
        dbname="postgres",
        user=cfg["USER"],
        password=cfg["PASSWORD"] or None,
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        autocommit=True,
    )
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    conn.close()


def start_demo_server() -> DemoServer:
    base = dj_database_url.parse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/congttdt"))
    name = f"{base['NAME']}_e2e"
    url = f"postgres://{base['USER'] or 'postgres'}@{base['HOST']}:{base['PORT'] or 5432}/{name}"
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PORTAL_PORT": str(port),
        "TENANT_SITE_PORT": str(port),
        "DEBUG": "1",
        "CACHE_KEY_PREFIX": f"e2e{port}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    _recreate_database(url)
    _run([sys.executable, "manage.py", "migrate_schemas", "--shared", "-v", "0"], env)
    _run([sys.executable, "manage.py", "tenants", "init"], env)
    _run([sys.executable, "manage.py", "load_demo", "--no-progress"], env)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return DemoServer(port, env, process)
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError("uvicorn did not start")
