"""Throwaway services for the fault suite: a PostgreSQL cluster (``initdb``/``pg_ctl``) and a Redis
server on private ports under a temporary folder, which a test may stop, restart or kill without
touching the machine's shared PostgreSQL (5432) and Redis (6379); an S3-compatible HTTP server
(moto's standalone ``moto_server``, objects kept in its memory) for the backups to S3; and the
platform's own processes (uvicorn, a Celery worker, ``manage.py``) run against them."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen | None = None, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with status {process.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"nothing listens on port {port} after {timeout} s")
        time.sleep(0.1)


class ThrowawayPostgres:
    """A cluster of its own in ``folder`` (as the ``postgres`` user when run as root: initdb refuses root)."""

    def __init__(self, folder: Path, settings: dict[str, str] | None = None):
        self.folder = folder
        self.settings = settings or {}  # extra server settings (``-c name=value``)
        self.data = folder / "pgdata"
        self.port = free_port()
        self._as = []
        if os.geteuid() == 0:
            self._as = ["runuser", "-u", "postgres", "--"]
            os.chown(folder, pwd.getpwnam("postgres").pw_uid, pwd.getpwnam("postgres").pw_gid)

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            [*self._as, str(PG_BIN / "pg_ctl"), "-D", str(self.data), *args], check=True, capture_output=True
        )

    def create(self) -> ThrowawayPostgres:
        subprocess.run(
            [*self._as, str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8"]
            + ["--locale", "C.UTF-8", "--no-sync"],
            check=True,
            capture_output=True,
        )
        self.start()
        return self

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off -c full_page_writes=off"
        options += "".join(f" -c {name}={value}" for name, value in self.settings.items())
        self._ctl("start", "-w", "-o", options, "-l", str(self.folder / "postgres.log"))

    def stop(self) -> None:
        self._ctl("stop", "-w", "-m", "fast")

    def restart(self) -> None:
        self._ctl("restart", "-w", "-m", "fast", "-l", str(self.folder / "postgres.log"))

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def destroy(self) -> None:
        try:
            self._ctl("stop", "-w", "-m", "immediate")
        except subprocess.CalledProcessError:
            pass  # already stopped


class ThrowawayRedis:
    """``redis-server`` on a private port, nothing persisted."""

    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> ThrowawayRedis:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.process, 10)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


class ThrowawayS3:
    """``moto_server`` on a private port: a real S3 HTTP API (signatures, multipart, listings) for boto3
    to talk to, objects in memory. Any access key is accepted."""

    ACCESS_KEY, SECRET_KEY, REGION = "throwaway", "throwaway-secret", "us-east-1"

    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @staticmethod
    def missing() -> str | None:
        """Why the server cannot start here (None when it can)."""
        if shutil.which("moto_server", path=str(Path(sys.executable).parent)) is None:
            return "moto_server is not installed (requirements-dev.txt: moto[s3])"
        return None

    def start(self) -> ThrowawayS3:
        executable = Path(sys.executable).parent / "moto_server"
        self.process = subprocess.Popen(
            [str(executable), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.process, 30)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self):
        import boto3

        return boto3.session.Session().client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=self.REGION,
            aws_access_key_id=self.ACCESS_KEY,
            aws_secret_access_key=self.SECRET_KEY,
        )


def manage(env: dict, *args: str) -> str:
    """Run ``manage.py`` with ``env``; its standard output (raises with both outputs on failure)."""
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def celery_worker(env: dict, queues: str = "celery", *extra: str) -> subprocess.Popen:
    """A real ``celery -A config worker`` (solo pool: the task runs in the process a test may kill)."""
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--queues", queues]
        + ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "warning", *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop_worker(worker: subprocess.Popen, sig: int = signal.SIGTERM) -> str:
    """Stop ``worker`` with ``sig`` (SIGKILL: no warm shutdown); its output."""
    if worker.poll() is None:
        worker.send_signal(sig)
    output, _ = worker.communicate(timeout=30)
    return output or ""


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def serve(env: dict) -> tuple[subprocess.Popen, int]:
    """The platform (``config.asgi``) in a real uvicorn process on a free port; (process, port)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1", "--port", str(port)]
        + ["--log-level", "warning", "--lifespan", "off"],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for_port(port, process)
    except RuntimeError:
        process.terminate()
        raise
    return process, port


def copy_database(source: dict, target_url: str, exclude_schemas: str = "") -> None:
    """``pg_dump`` of the database ``source`` (Django settings dict) piped into ``target_url``."""
    dump = [str(PG_BIN / "pg_dump"), "--no-owner", "--no-privileges", "-h", source["HOST"] or "127.0.0.1"]
    dump += ["-p", str(source["PORT"] or 5432), "-U", source["USER"] or "postgres", source["NAME"]]
    if exclude_schemas:
        dump += ["--exclude-schema", exclude_schemas]
    env = {**os.environ, "PGPASSWORD": source["PASSWORD"] or ""}
    producer = subprocess.Popen(dump, stdout=subprocess.PIPE, env=env)
    subprocess.run(
        [str(PG_BIN / "psql"), "-q", "-v", "ON_ERROR_STOP=1", target_url],
        stdin=producer.stdout,
        check=True,
        capture_output=True,
    )
    producer.stdout.close()
    if producer.wait() != 0:
        raise RuntimeError("pg_dump failed")
