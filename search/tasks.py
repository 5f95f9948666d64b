"""Celery tasks of the search outbox (shared tasks: no import of the project's Celery app)."""

from __future__ import annotations

from celery import shared_task

from .indexer import drain_all, drain_schema
from .suggest import refresh_vocabulary as refresh


@shared_task(name="search.tasks.drain_tenant", ignore_result=True, acks_late=True)
def drain_tenant(schema_name: str) -> int:
    """Drain one tenant's outbox into the province-wide aggregate."""
    return drain_schema(schema_name)


@shared_task(name="search.tasks.sweep_outboxes", ignore_result=True)
def sweep_outboxes() -> dict[str, int]:
    """Periodic safety net: drain whatever is left in any tenant's outbox."""
    return drain_all()


@shared_task(name="search.tasks.refresh_vocabulary", ignore_result=True)
def refresh_vocabulary() -> int:
    """Rebuild every province's "did you mean" vocabulary from the aggregate's titles."""
    return refresh()
