"""The readiness checks. Each takes no argument, returns a short detail string (or ``""``) and raises
on failure; :func:`run_checks` times them. Which checks run is the setting ``HEALTH_CHECKS`` (dotted
paths), so an app contributes its own check without this module importing it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import redis as redis_client
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.module_loading import import_string
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.services.migration_status import schemas_behind
from tenants.tree import all_sites


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    ms: float
    detail: str = ""

    def as_dict(self) -> dict:
        return {"ok": self.ok, "ms": round(self.ms, 1), **({"detail": self.detail} if self.detail else {})}


def database() -> str:
    """PostgreSQL answers a statement on the public schema."""
    with schema_context(get_public_schema_name()), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return ""


def redis() -> str:
    """Redis (cache and Celery broker) answers PING within half a second."""
    client = redis_client.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5)
    try:
        client.ping()
    finally:
        client.close()
    return ""


_migrations_checked_at: dict[str, float] = {}


def migrations() -> str:
    """No migration of the code is missing from the public schema or from any tenant schema.

    The answer is kept for ``HEALTH_MIGRATIONS_CACHE_SECONDS`` per process (probes come every few
    seconds; the tenant check reads every schema's ``django_migrations`` in one query)."""
    ttl = float(getattr(settings, "HEALTH_MIGRATIONS_CACHE_SECONDS", 30))
    checked = _migrations_checked_at.get("ok")
    if checked is not None and time.monotonic() - checked < ttl:
        return "cached"
    with schema_context(get_public_schema_name()):
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            raise RuntimeError(f"public schema: {len(plan)} migration(s) not applied, e.g. {plan[0][0].app_label}")
        schemas = list(all_sites().values_list("schema_name", flat=True))
    behind = schemas_behind(schemas)
    if behind:
        names = ", ".join(sorted(behind)[:5])
        raise RuntimeError(f"{len(behind)} tenant schema(s) behind the code's migrations: {names}")
    _migrations_checked_at["ok"] = time.monotonic()
    return f"{len(schemas)} tenant schemas"


def forget_cached_results() -> None:
    _migrations_checked_at.clear()


@cache
def configured_checks() -> tuple[tuple[str, Callable[[], str]], ...]:
    return tuple((path.rsplit(".", 1)[-1], import_string(path)) for path in settings.HEALTH_CHECKS)


def run_checks() -> list[CheckResult]:
    results = []
    for name, check in configured_checks():
        started = time.perf_counter()
        try:
            detail, ok = check() or "", True
        except Exception as error:  # a probe reports every failure, whatever it is
            detail, ok = f"{type(error).__name__}: {error}"[:300], False
        results.append(CheckResult(name, ok, (time.perf_counter() - started) * 1000, detail))
    return results
