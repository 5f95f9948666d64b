"""Bulk load of the province-wide aggregate: replace the entries of many sites at once, set-wise.

The per-row path (the outbox drain, ``indexer.sync_pages``) upserts a few hundred entries at a time
and keeps every index, trigger and foreign key checked row by row — right for a trickle of
publications, about 800 entries/s for a whole aggregate. :func:`bulk_replace` is the path for
loading a province (``manage.py search_rebuild``) or a benchmark:

1. The rows are streamed with ``COPY`` in batches into a private staging table (``TEMP``, no WAL,
   no index, dropped at commit). No lock is held on the aggregate meanwhile: searches go on.
2. Then, inside the same transaction: the aggregate is locked, the replaced sites' entries are
   removed (``TRUNCATE`` when everything is replaced); if the load is large against what stays
   (:func:`should_suspend`), the secondary indexes, the unique and foreign-key constraints and the
   week-count triggers are **suspended** (dropped or disabled).
3. One ``INSERT … SELECT`` from the staging table writes every entry: the search vectors — generated
   columns, ``public.congttdt_fold`` + ``congttdt_marks`` (migrations 0001–0008) — are computed by
   that one statement, by the same expressions as for every other writer, so the vectors and the
   search results are identical to the per-row path.
4. The suspended indexes and constraints are rebuilt set-wise (one sort or GIN build each, one
   anti-join for the foreign key), the triggers re-enabled, and the week counts of the affected
   scopes recounted in one statement; ``ANALYZE``.

**Safety: everything from step 2 on is one transaction.** PostgreSQL's DDL is transactional, so an
error or an interruption at any point (including ``KeyboardInterrupt``, a killed process, a lost
connection) rolls back to the aggregate as it was, with all its indexes, constraints, triggers and
entries. The cost: while a suspended load runs, the aggregate is locked (searches wait for the
commit); a load that keeps its indexes only blocks other writers of the same sites.
"""

from __future__ import annotations

import itertools
import json
import logging
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django_tenants.utils import schema_context

from core.signals import aggregate_changed

from .cache import bump_generation
from .documents import IndexDocument
from .models import Entry

log = logging.getLogger(__name__)

STAGING = "congttdt_bulk_entries"
BATCH = 20_000  # rows per COPY statement
SUSPEND_MIN = 20_000  # below this many rows, indexes are kept (their upkeep is cheaper than a rebuild)
SUSPEND_SHARE = 0.25  # … and when the rows loaded are at least this share of the entries kept
MAINTENANCE_WORK_MEM = "512MB"  # per index build, for this transaction only
ENTRY_COLUMNS: tuple[str, ...] = tuple(
    f.column for f in Entry._meta.concrete_fields if not f.primary_key and not f.generated
)


class BulkLoadError(Exception):
    """The rows cannot be loaded (nothing was changed)."""


@dataclass
class BulkResult:
    """What a bulk load did and how long each step took (seconds)."""

    loaded: int = 0
    removed: int = 0
    suspended: bool = False
    copy_seconds: float = 0.0
    insert_seconds: float = 0.0
    index_seconds: float = 0.0
    rebuilt: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return self.copy_seconds + self.insert_seconds + self.index_seconds


def entry_row(tenant, page_id: int, document: IndexDocument, now: datetime) -> tuple:
    """One row of :data:`ENTRY_COLUMNS` for a page's document (the values ``sync_pages`` writes)."""
    fields = document.entry_fields()
    values = {
        "tenant_id": tenant.pk,
        "tenant_path": tenant.path,
        "tenant_kind": tenant.kind,
        "page_id": page_id,
        "indexed_at": now,
        **fields,
        "meta": json.dumps(fields["meta"], ensure_ascii=False),
    }
    return tuple(values[column] for column in ENTRY_COLUMNS)


def should_suspend(loaded: int, kept: int) -> bool:
    """Suspend indexes when rebuilding them over the whole table costs less than keeping them up to
    date row by row: a large load (≥ SUSPEND_MIN rows) that is a large share of the entries kept."""
    return loaded >= SUSPEND_MIN and loaded >= SUSPEND_SHARE * kept


def bulk_replace(
    rows: Iterable[Sequence],
    *,
    tenant_ids: Collection[int] | None,
    columns: Sequence[str] = ENTRY_COLUMNS,
    batch: int = BATCH,
    suspend: bool | None = None,
    on_rows: Callable[[int], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> BulkResult:
    """Replace the entries of the sites ``tenant_ids`` (every entry when ``None``) by ``rows``.

    ``rows`` are sequences of values in ``columns`` order (:data:`ENTRY_COLUMNS` by default; the
    ``meta`` value as JSON text), every row of one of the replaced sites, at most one per (site, page).
    ``suspend`` forces (True) or forbids (False) suspending the indexes; by default
    :func:`should_suspend` decides. ``on_rows(n)`` is called after each COPY batch with the rows sent,
    ``on_stage(label)`` before each set-wise step. Raises :class:`BulkLoadError` (and changes
    nothing) when a row belongs to another site or repeats a page.
    """
    table = f"public.{Entry._meta.db_table}"  # qualified: a producer may leave a site's search_path set
    column_list = ", ".join(columns)
    result = BulkResult()
    stage = on_stage or (lambda _label: None)
    with schema_context("public"), transaction.atomic():
        with connection.cursor() as cursor:
            started = time.monotonic()
            cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{STAGING}")  # left by an earlier load of this transaction
            cursor.execute(
                f"CREATE TEMP TABLE {STAGING} ON COMMIT DROP AS SELECT {column_list} FROM {table} WITH NO DATA"
            )
            result.loaded = _copy(cursor, rows, column_list, batch, on_rows)
            result.copy_seconds = time.monotonic() - started
            _check_staging(cursor, tenant_ids)

            started = time.monotonic()
            stage("xóa mục cũ (remove old entries)")
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
            kept = _count_kept(cursor, table, tenant_ids)
            result.suspended = should_suspend(result.loaded, kept) if suspend is None else suspend
            scopes = _affected_scopes(cursor, table, tenant_ids)
            gone = _mirrored_ids(cursor, table, tenant_ids)
            if result.suspended:
                cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # earlier writes' deferred checks: ALTER needs none
                restore = _suspend(cursor, table)
            result.removed = _remove(cursor, table, tenant_ids)
            stage("ghi mục và vectơ tìm kiếm (write entries and search vectors)")
            try:
                with transaction.atomic():
                    cursor.execute(f"INSERT INTO {table} ({column_list}) SELECT {column_list} FROM {STAGING}")
            except IntegrityError as error:  # a page twice, or a value the table refuses: nothing changes
                raise BulkLoadError(f"Không nạp được các mục (the rows cannot be loaded): {error}") from error
            result.insert_seconds = time.monotonic() - started

            started = time.monotonic()
            if result.suspended:
                stage("dựng lại chỉ mục (rebuild indexes)")
                result.rebuilt = _restore(cursor, table, restore, stage)
            stage("đếm mục theo tuần (week counts)")
            _recount_weeks(cursor, table, scopes)
            cursor.execute(f"ANALYZE {table}")
            cursor.execute(f"DROP TABLE pg_temp.{STAGING}")
            result.index_seconds = time.monotonic() - started
        transaction.on_commit(lambda: _after_commit(scopes, tenant_ids, gone))
    return result


def _copy(cursor, rows: Iterable[Sequence], column_list: str, batch: int, on_rows) -> int:
    """COPY the rows into the staging table, ``batch`` rows per statement; return the count. Each batch
    is taken from ``rows`` before its COPY starts, so the producer may query the database (read pages)."""
    total = 0
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, batch)):
        with cursor.cursor.copy(f"COPY {STAGING} ({column_list}) FROM STDIN") as copy:
            for row in chunk:
                copy.write_row(row)
        total += len(chunk)
        if on_rows:
            on_rows(len(chunk))
    return total


def _check_staging(cursor, tenant_ids: Collection[int] | None) -> None:
    if tenant_ids is None:
        return
    cursor.execute(
        f"SELECT DISTINCT tenant_id FROM {STAGING} WHERE NOT tenant_id = ANY(%s) LIMIT 5", [list(tenant_ids)]
    )
    strangers = [row[0] for row in cursor.fetchall()]
    if strangers:
        raise BulkLoadError(
            f"Có mục của đơn vị không được dựng lại: {strangers} (rows of sites outside the load: {strangers})."
        )


def _count_kept(cursor, table: str, tenant_ids: Collection[int] | None) -> int:
    if tenant_ids is None:
        return 0
    cursor.execute(f"SELECT count(*) FROM {table} WHERE NOT tenant_id = ANY(%s)", [list(tenant_ids)])
    return cursor.fetchone()[0]


def _affected_scopes(cursor, table: str, tenant_ids: Collection[int] | None) -> list[str] | None:
    """Scopes whose week counts change: every scope of the replaced sites' paths, old and new (None: all)."""
    if tenant_ids is None:
        return None
    cursor.execute(
        f"""SELECT DISTINCT s.scope FROM (
                SELECT DISTINCT tenant_path FROM {table} WHERE tenant_id = ANY(%s)
                UNION SELECT DISTINCT tenant_path FROM {STAGING}) AS p,
            public.congttdt_scopes(p.tenant_path) AS s(scope)""",
        [list(tenant_ids)],
    )
    return [row[0] for row in cursor.fetchall()]


def _remove(cursor, table: str, tenant_ids: Collection[int] | None) -> int:
    if tenant_ids is None:
        cursor.execute(f"SELECT count(*) FROM {table}")
        count = cursor.fetchone()[0]
        cursor.execute(f"TRUNCATE {table}")
        return count
    cursor.execute(f"DELETE FROM {table} WHERE tenant_id = ANY(%s)", [list(tenant_ids)])
    return cursor.rowcount


@dataclass
class _Suspended:
    constraints: list[tuple[str, str]]  # (name, definition) of unique and foreign-key constraints
    indexes: list[tuple[str, str]]  # (name, CREATE INDEX statement) of the other secondary indexes
    triggers: list[str]  # enabled user triggers


def _suspend(cursor, table: str) -> _Suspended:
    """Drop the secondary indexes and constraints (the primary key stays) and disable the user triggers."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC, conname",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY c.relname",
        [table],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal AND tgenabled <> 'D' "
        "ORDER BY tgname",
        [table],
    )
    triggers = [row[0] for row in cursor.fetchall()]
    for name, _definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    for name in triggers:
        cursor.execute(f'ALTER TABLE {table} DISABLE TRIGGER "{name}"')
    return _Suspended(constraints, indexes, triggers)


def _restore(cursor, table: str, suspended: _Suspended, stage) -> list[str]:
    cursor.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
    rebuilt = []
    for name, definition in suspended.indexes:
        stage(f"chỉ mục {name}")
        cursor.execute(definition)
        rebuilt.append(name)
    for name, definition in suspended.constraints:
        stage(f"ràng buộc {name}")
        try:
            with transaction.atomic():
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        except Exception as error:  # duplicate pages or an unknown site: the whole load rolls back
            raise BulkLoadError(f"Dữ liệu nạp vi phạm ràng buộc {name} (the rows break {name}): {error}") from error
        rebuilt.append(name)
    for name in suspended.triggers:
        cursor.execute(f'ALTER TABLE {table} ENABLE TRIGGER "{name}"')
    return rebuilt


def _recount_weeks(cursor, table: str, scopes: list[str] | None) -> None:
    """The week counts (``WeekCount``, normally kept by triggers) of the affected scopes, in one pass."""
    from .models import WeekCount

    counts = f"public.{WeekCount._meta.db_table}"
    if scopes is None:
        cursor.execute(f"DELETE FROM {counts}")
        where, params = "", []
    else:
        cursor.execute(f"DELETE FROM {counts} WHERE scope = ANY(%s)", [scopes])
        where, params = "WHERE s.scope = ANY(%s)", [scopes]
    cursor.execute(
        f"INSERT INTO {counts} (scope, week, n) SELECT s.scope, public.congttdt_week(e.date), count(*) "
        f"FROM {table} AS e, public.congttdt_scopes(e.tenant_path) AS s(scope) {where} GROUP BY 1, 2",
        params,
    )


def _mirrored_ids(cursor, table: str, tenant_ids: Collection[int] | None) -> list[int]:
    """Ids of the entries about to be replaced, when Elasticsearch mirrors the aggregate (its documents
    are keyed by entry id: the old ones must go)."""
    if getattr(settings, "SEARCH_BACKEND", "postgres") != "elasticsearch":
        return []
    if tenant_ids is None:
        cursor.execute(f"SELECT id FROM {table}")
    else:
        cursor.execute(f"SELECT id FROM {table} WHERE tenant_id = ANY(%s)", [list(tenant_ids)])
    return [row[0] for row in cursor.fetchall()]


def _after_commit(scopes: list[str] | None, tenant_ids: Collection[int] | None, gone: list[int]) -> None:
    """Cached results are stale; pages showing the aggregate refresh; an Elasticsearch mirror gets the
    new entries and loses the replaced ones (as ``indexer.after_change`` does for the per-row path)."""
    bump_generation()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT tenant_path FROM public.{Entry._meta.db_table}" if scopes is None else "SELECT 1"
        )
        paths = {row[0] for row in cursor.fetchall()} if scopes is None else {s for s in scopes if s}
    aggregate_changed.send(sender=Entry, paths=paths)
    if getattr(settings, "SEARCH_BACKEND", "postgres") == "elasticsearch":
        from .engines import elastic

        with schema_context("public"):
            entries = Entry.objects.all() if tenant_ids is None else Entry.objects.filter(tenant_id__in=tenant_ids)
            elastic.mirror(entries.select_related("tenant").iterator(chunk_size=1000), [Entry(pk=pk) for pk in gone])
