"""A real demo platform for browser tests: its own database, the demo province loaded by the
real commands, served by uvicorn on 127.0.0.1 (``*.localhost`` resolves there).

Loading the demo takes minutes, so it is loaded once into a *template* database (``<name>_e2e_tpl``)
under a file lock, and every server gets a fresh copy of it (``CREATE DATABASE … TEMPLATE``, seconds):
parallel test workers never build it twice, and what a test changes in its copy never reaches the next
run. The template's comment records a stamp of the code it was built from (and the port its Wagtail
Sites and search entries were built with), so a rerun with unchanged code reuses it; any change of the
code, or a machine without the template (a fresh clone), builds it again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import psycopg
from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent
# What the stamp leaves out: tests, tools and generated files (they do not change the demo's data).
_NOT_CODE = {".git", ".venv", "__pycache__", "node_modules", "media", "static_collected", "var", "tests", "bench"}
_CODE_SUFFIXES = {".py", ".html", ".txt", ".po", ".json", ".css", ".js", ".svg", ".toml", ".cfg"}


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

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _run(command: list[str], env: dict) -> str:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def code_stamp(settings_module: str) -> str:
    """A digest of every source file the demo is built from, of the settings module used and of the
    checkout's folder (the demo's media files live under it: another clone must build its own)."""
    digest = hashlib.sha1(settings_module.encode() + b"\0" + str(ROOT).encode())
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if not (Path(folder) == ROOT and d in _NOT_CODE) and d != "__pycache__")
        for file in sorted(files):
            path = Path(folder) / file
            if path.suffix in _CODE_SUFFIXES or file == "manage.py":
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class _Postgres:
    """Database-level statements on the maintenance database of the server in ``DATABASE_URL``."""

    def __init__(self, cfg: dict):
        self.cfg = cfg

    def url(self, name: str) -> str:
        cfg = self.cfg
        password = f":{cfg['PASSWORD']}" if cfg["PASSWORD"] else ""
        return f"postgres://{cfg['USER'] or 'postgres'}{password}@{cfg['HOST']}:{cfg['PORT'] or 5432}/{name}"

    def execute(self, sql: str, params: tuple = ()) -> list[tuple]:
        cfg = self.cfg
        conn = psycopg.connect(
            dbname="postgres",
            user=cfg["USER"],
            password=cfg["PASSWORD"] or None,
            host=cfg["HOST"],
            port=cfg["PORT"] or 5432,
            autocommit=True,
        )
        try:
            with conn.cursor() as cur:
                cur.execute(sql, params)
                return cur.fetchall() if cur.description else []
        finally:
            conn.close()

    def comment(self, name: str) -> str | None:
        rows = self.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", (name,))
        return rows[0][0] if rows else None

    def drop(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _settings_module() -> str:
    return os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings")


def _demo_env(url: str, port: int, media_root: Path, cache_prefix: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PORTAL_PORT": str(port),
        "TENANT_SITE_PORT": str(port),
        "MEDIA_ROOT": str(media_root),
        "DEBUG": "1",
        "DEMO": "1",  # installs the demo app (its commands) in every process of this platform
        "CACHE_KEY_PREFIX": cache_prefix,
        "DJANGO_SETTINGS_MODULE": _settings_module(),
    }
    env.pop("PYTEST_XDIST_WORKER", None)  # one media directory and cache prefix for every worker's server
    return env


def _ensure_template(pg: _Postgres, template: str, media_root: Path, seed: str | None) -> int:
    """Build the template database unless it exists for this code; returns the port it was built for.
    ``seed``: a database already migrated with the platform host and clone template (``tenants init``),
    copied instead of migrating again; nobody may be connected to it."""
    stamp = code_stamp(_settings_module())
    comment = pg.comment(template) or ""
    if comment.startswith(f"demo {stamp} port ") and media_root.is_dir():
        port = int(comment.rsplit(" ", 1)[1])
        if _port_is_free(port):
            return port
    port = _free_port()
    pg.drop(template)
    shutil.rmtree(media_root, ignore_errors=True)
    env = _demo_env(pg.url(template), port, media_root, f"e2ebuild{port}")
    try:
        pg.execute(f'CREATE DATABASE "{template}" TEMPLATE "{seed}"' if seed else f'CREATE DATABASE "{template}"')
    except psycopg.Error:  # the seed is in use: migrate instead
        seed = None
        pg.execute(f'CREATE DATABASE "{template}"')
    if not seed:
        _run([sys.executable, "manage.py", "migrate_schemas", "--shared", "-v", "0"], env)
        _run([sys.executable, "manage.py", "tenants", "init"], env)
    _run([sys.executable, "manage.py", "load_demo", "--no-progress"], env)
    pg.execute(f"COMMENT ON DATABASE \"{template}\" IS 'demo {stamp} port {port}'")
    return port


def start_demo_server(copy_suffix: str = "", seed: str | None = None) -> DemoServer:
    """Serve a fresh copy of the demo database (``<name>_e2e[_<copy_suffix>]``), building the template first
    if needed (from ``seed``, see ``_ensure_template``). One server at a time per template: its Sites are
    bound to the port it was built for."""
    base = dj_database_url.parse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/congttdt"))
    pg = _Postgres(base)
    template = f"{base['NAME']}_e2e_tpl"
    name = f"{base['NAME']}_e2e{'_' + copy_suffix if copy_suffix else ''}"
    media_root = ROOT / "var" / "e2e" / template / "media"
    with FileLock(Path(tempfile.gettempdir()) / f"congttdt-{template}.lock"):
        port = _ensure_template(pg, template, media_root, seed)
        pg.drop(name)
        pg.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    env = _demo_env(pg.url(name), port, media_root, f"e2e{port}_{time.time_ns()}")
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
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn exited with status {process.returncode} (port {port} taken?)")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return DemoServer(port, env, process)
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError("uvicorn did not start")
