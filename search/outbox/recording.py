"""Writing outbox rows (inside the caller's transaction) and scheduling their drain after commit.

Imports run one way: signals → recording → tasks → indexer (which reads the outbox but never
writes it), so re-queueing a whole tenant lives here, not in the indexer.

Enqueueing is best-effort: when Redis or the broker is down the publish still succeeds, the rows
stay in the outbox and the periodic sweep (``search.tasks.sweep_outboxes``) or
``manage.py search_drain`` brings them to the aggregate later.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable

from django.db import connection, transaction
from django_tenants.utils import schema_context
from wagtail.models import Page

from search.tasks import drain_tenant

from .models import OutboxItem

log = logging.getLogger(__name__)
SKIPPED_SCHEMAS = {"public"}


def _skipped(schema_name: str) -> bool:
    from tenants.tree import is_template_schema

    return schema_name in SKIPPED_SCHEMAS or is_template_schema(schema_name)


def record(page_ids: Iterable[int], action: str) -> int:
    """Add outbox rows for pages of the current tenant schema; return how many were written."""
    schema_name = getattr(connection, "schema_name", "public")  # plain backend (single-schema bench): skip
    ids = sorted({int(pk) for pk in page_ids if pk is not None})
    if not ids or _skipped(schema_name):
        return 0
    OutboxItem.objects.bulk_create([OutboxItem(page_id=pk, action=action) for pk in ids])
    schedule_drain(schema_name)
    return len(ids)


def schedule_drain(schema_name: str) -> None:
    """Enqueue one drain of this schema when the current transaction commits (once per transaction)."""
    if connection.in_atomic_block and _drain_pending(schema_name):
        return
    callback = functools.partial(enqueue_drain, schema_name)
    callback.search_schema = schema_name  # type: ignore[attr-defined]
    transaction.on_commit(callback)


def _drain_pending(schema_name: str) -> bool:
    try:
        return any(getattr(item[1], "search_schema", None) == schema_name for item in connection.run_on_commit)
    except (AttributeError, IndexError, TypeError):  # Django internals changed: just enqueue again
        return False


def enqueue_drain(schema_name: str) -> bool:
    """Queue the drain task; never raises (a down broker must not break publishing)."""
    try:
        drain_tenant.apply_async(args=[schema_name], retry=False)
    except Exception as exc:  # broker unreachable, Redis down…
        log.warning("Search outbox of %s not enqueued (%s); the periodic sweep will drain it.", schema_name, exc)
        return False
    return True


def requeue_tenant(tenant) -> int:
    """Put every page of a tenant in its outbox (e.g. when a suspended site is resumed)."""
    with schema_context(tenant.schema_name):
        return record(Page.objects.filter(depth__gt=1).values_list("id", flat=True), OutboxItem.Action.REBUILD)
