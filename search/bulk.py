"""Bulk load of the province-wide aggregate: replace the entries of many sites at once, set-wise.

The per-row path (the outbox drain, ``indexer.sync_pages``) upserts a few hundred entries at a time
and keeps every index, trigger and foreign key checked row by row — right for a trickle of
publications, about 800 entries/s for a whole aggregate. :func:`bulk_replace` is the path for
loading a province (``manage.py search_rebuild``) or a benchmark:

1. The rows are streamed with ``COPY`` in batches into a private staging table (``TEMP``, no WAL,
   no index, dropped at the end). No lock is held on the aggregate meanwhile: searches go on.
2. A small load (against what stays, :func:`should_swap`) is written **in place**: the replaced sites'
   entries deleted and the new ones inserted by one ``INSERT … SELECT``, every index and week-count
   trigger kept up to date. The aggregate is locked against other writers only (``SHARE ROW
   EXCLUSIVE``): searches go on.
3. A large load is **built beside, then swapped in**: a new table of the same definition (``LIKE …
   INCLUDING`` defaults, generated columns, identity, checks, storage; no index) is filled with the
   entries kept (same ids) and the new ones (ids from the same sequence position), the search vectors
   — generated columns, ``public.congttdt_fold`` + ``congttdt_marks`` (migrations 0001–0009) —
   computed by those ``INSERT … SELECT`` statements, by the same expressions as for every other
   writer; then its primary key, unique constraint, secondary indexes, foreign keys and triggers are
   built set-wise under their final definitions, the affected week counts recomputed from it (written to
   ``WeekCount`` by this transaction, so visible with the new table), ``ANALYZE``. The
   aggregate stays in service, unlocked for searches, all along. Last, a **short swap** (``LOCK``
   with ``lock_timeout``, retried): the old table is dropped, the new one renamed in its place (its
   indexes, constraints and sequence take the old names; grants, owner, storage options and
   publication memberships are copied). Searches wait only for the swap
   (milliseconds; ``BulkResult.swap_seconds``). A table that other objects depend on (a view, a
   foreign key pointing to it) is never swapped: the load is then written in place.

**Why the build is committed before the swap.** Searches run as prepared statements; one that queues
behind the swap's lock keeps the snapshot it took before the wait. Were the new table filled by the
swap's own transaction, such a search would find the new table and none of its rows (written by a
transaction still running at its snapshot): an empty result. So the new table is filled and indexed in
transactions committed *before* the swap; the swap transaction only renames (and replaces the week
counts, a few thousand rows). Inside an enclosing transaction (tests, a script holding one) every step is
a savepoint of it instead, and the whole load becomes visible at its commit.

**Writes during a load are not lost.** Every writer of a site's entries takes the site's drain lock
(``search.locks``). The producer of the rows takes the replaced sites' locks as it reads their pages
(``indexer.bulk_rebuild``, at session level: they outlive the build's commits); a swapped load also takes
the drain locks of every *other* site before copying the entries kept, and holds them until the swap is
committed. Publications meanwhile wait in their sites' outboxes and are drained after the swap, into the
table then in service (the drain reads the current state of the pages). One swapped load at a time
(a session-level lock): they build the same beside table. A site *created* during a swapped load
(provisioning, a merge) has no lock among those held — it did not exist when they were taken — so its
writers go on, into the table in service; the swap replays them: under its ``ACCESS EXCLUSIVE`` lock it
replaces, in the new table, the entries of every site unknown when the load took its locks by their
current rows (same ids: the live sequence is moved past the ids the build hands out, and the new
sequence past every replayed one), and adds their difference to the week counts it recomputed.

**Safety.** Until the swap commits, the old table is in service, unchanged, with all its indexes,
constraints, triggers and entries. An error or an interruption at any step (including
``KeyboardInterrupt``, a swap that cannot get its lock) rolls that step back, and the ``finally`` of
:func:`bulk_replace` drops the half-built table and the staging tables and releases the locks; a killed
process leaves at most the half-built table (``…_next``, not in service), dropped by the next load. The
swap itself is one transaction: the new table with its final names, or nothing.
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
from django.db import IntegrityError, OperationalError, connection, transaction
from django_tenants.utils import schema_context

from core.signals import aggregate_changed
from tenants.models import Tenant

from .cache import bump_generation
from .documents import IndexDocument
from .locks import lock_site_drains, lock_swap, release_site_drains
from .models import Entry, WeekCount

log = logging.getLogger(__name__)

STAGING = "congttdt_bulk_entries"
WEEKS = "congttdt_bulk_weeks"
BATCH = 20_000  # rows per COPY statement
SWAP_MIN = 20_000  # below this many rows, the load is written in place (index upkeep is cheaper than a build)
SWAP_SHARE = 0.25  # … and when the rows loaded are at least this share of the entries kept
MAINTENANCE_WORK_MEM = "512MB"  # per index build, for this transaction only
SWAP_LOCK_TIMEOUT = "300ms"  # the longest a search waits behind one attempt of the swap
SWAP_ATTEMPTS = 20  # then the load gives up (and rolls back); attempts are spaced 0.1–2 s apart
NEXT_SUFFIX = "_next"
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
    kept: int = 0
    swapped: bool = False
    copy_seconds: float = 0.0
    insert_seconds: float = 0.0
    index_seconds: float = 0.0
    swap_seconds: float = 0.0  # the swap itself: how long searches could be held (lock wait excluded)
    swap_attempts: int = 0
    replayed: int = 0  # entries of sites created during a swapped load, carried into the new table at the swap
    rebuilt: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return self.copy_seconds + self.insert_seconds + self.index_seconds + self.swap_seconds


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


def should_swap(loaded: int, kept: int, minimum: int | None = None) -> bool:
    """Build beside and swap when building every index over the whole table (the entries kept included,
    their vectors recomputed) costs less than keeping the indexes up to date row by row: a large load
    (≥ ``minimum``, default :data:`SWAP_MIN`) that is a large share of the entries kept."""
    return loaded >= (SWAP_MIN if minimum is None else minimum) and loaded >= SWAP_SHARE * kept


def bulk_replace(
    rows: Iterable[Sequence],
    *,
    tenant_ids: Collection[int] | None,
    columns: Sequence[str] = ENTRY_COLUMNS,
    batch: int = BATCH,
    swap: bool | None = None,
    on_rows: Callable[[int], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> BulkResult:
    """Replace the entries of the sites ``tenant_ids`` (every entry when ``None``) by ``rows``.

    ``rows`` are sequences of values in ``columns`` order (:data:`ENTRY_COLUMNS` by default; the
    ``meta`` value as JSON text), every row of one of the replaced sites, at most one per (site, page).
    ``swap`` forces (True) or forbids (False) building beside and swapping; by default
    :func:`should_swap` decides. ``on_rows(n)`` is called after each COPY batch with the rows sent,
    ``on_stage(label)`` before each set-wise step. Raises :class:`BulkLoadError` (and changes
    nothing) when a row belongs to another site or repeats a page, or when the swap cannot get its lock.
    """
    table = f"public.{Entry._meta.db_table}"  # qualified: a producer may leave a site's search_path set
    column_list = ", ".join(columns)
    result = BulkResult()
    stage = on_stage or (lambda _label: None)
    held: list[str] = []  # drain locks of the sites kept, held until the swap is committed
    swapping = False
    with schema_context("public"), connection.cursor() as cursor:
        try:
            with transaction.atomic():
                started = time.monotonic()
                cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{STAGING}")  # left by an earlier load of this session
                cursor.execute(f"CREATE TEMP TABLE {STAGING} AS SELECT {column_list} FROM {table} WITH NO DATA")
                result.loaded = _copy(cursor, rows, column_list, batch, on_rows)
                result.copy_seconds = time.monotonic() - started
                _check_staging(cursor, tenant_ids)
                result.kept = _count_kept(cursor, table, tenant_ids)
                wanted = should_swap(result.loaded, result.kept) if swap is None else swap
                obstacle = _swap_obstacle(cursor, table) if wanted else None
                if obstacle:
                    log.warning("Bulk load written in place, not swapped: %s", obstacle)
                result.swapped = wanted and not obstacle
                if not result.swapped:
                    scopes, gone = _replace_in_place(cursor, table, tenant_ids, column_list, result, stage)
                    transaction.on_commit(lambda: _after_commit(scopes, tenant_ids, gone))
            if result.swapped:
                lock_swap()
                swapping = True
                sites = dict(Tenant.objects.values_list("pk", "schema_name"))  # later ones are replayed at the swap
                if tenant_ids is not None:  # the other sites' writers wait until the swap (theirs are not rebuilt)
                    replaced = set(tenant_ids)
                    held = [name for pk, name in sites.items() if pk not in replaced]
                    lock_site_drains(held, session=True)
                scopes, gone = _swap_replace(cursor, table, tenant_ids, column_list, result, stage, list(sites))
                transaction.on_commit(lambda: _after_commit(scopes, tenant_ids, gone))
        finally:
            _clean_up(cursor, table, held, swapping)
    return result


def _clean_up(cursor, table: str, held: list[str], swapping: bool) -> None:
    """Whatever happened: no half-built table, no staging tables, the kept sites' drain locks released."""
    if connection.needs_rollback:
        return  # an enclosing transaction is failing: its rollback drops what was built
    try:
        release_site_drains(held)
        with transaction.atomic():
            if swapping:  # (only the holder of the swap lock may touch the beside table)
                cursor.execute(f"DROP TABLE IF EXISTS {table}{NEXT_SUFFIX}")
            cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{STAGING}")
            cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{WEEKS}")
        if swapping:
            lock_swap(release=True)
    except Exception:  # the connection is gone: so are its temporary tables, locks and transaction
        log.exception("Bulk load clean-up failed")


def _replace_in_place(cursor, table, tenant_ids, column_list, result: BulkResult, stage):
    """Small load: delete and insert in the aggregate, its indexes and week-count triggers kept."""
    started = time.monotonic()
    stage("xóa mục cũ (remove old entries)")
    cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")  # other writers wait; searches do not
    scopes = _affected_scopes(cursor, table, tenant_ids)
    gone = _mirrored_ids(cursor, table, tenant_ids)
    result.removed = _remove(cursor, table, tenant_ids)
    stage("ghi mục và vectơ tìm kiếm (write entries and search vectors)")
    _insert(cursor, f"INSERT INTO {table} ({column_list}) SELECT {column_list} FROM {STAGING}")
    result.insert_seconds = time.monotonic() - started
    started = time.monotonic()
    cursor.execute(f"ANALYZE {table}")
    result.index_seconds = time.monotonic() - started
    return scopes, gone


def _insert(cursor, sql: str, params: Sequence = ()) -> None:
    try:
        with transaction.atomic():
            cursor.execute(sql, params)
    except IntegrityError as error:  # a page twice, or a value the table refuses: nothing changes
        raise BulkLoadError(f"Không nạp được các mục (the rows cannot be loaded): {error}") from error


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


def _swap_obstacle(cursor, table: str) -> str | None:
    """Why the aggregate cannot be swapped (a view or a foreign key depends on it), or None."""
    cursor.execute(
        "SELECT d.classid::regclass::text, r.ev_class::regclass::text FROM pg_depend AS d "
        "JOIN pg_rewrite AS r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid "
        "WHERE d.refobjid = %s::regclass AND r.ev_class <> %s::regclass LIMIT 1",
        [table, table],
    )
    if view := cursor.fetchone():
        return f"view {view[1]} depends on {table}"
    cursor.execute(
        "SELECT conname FROM pg_constraint WHERE confrelid = %s::regclass AND conrelid <> confrelid LIMIT 1", [table]
    )
    if foreign := cursor.fetchone():
        return f"foreign key {foreign[0]} references {table}"
    return None


@dataclass
class _Definition:
    """What the aggregate is besides its columns, read from the catalogue (definitions as PostgreSQL prints them)."""

    constraints: list[tuple[str, str, str]]  # (name, contype, definition): primary key, unique, foreign keys
    indexes: list[tuple[str, str]]  # (name, CREATE INDEX statement) of the indexes no constraint owns
    triggers: list[tuple[str, str, str]]  # (name, CREATE TRIGGER statement, tgenabled) of the user triggers
    sequence: str | None  # the id column's sequence
    grants: list[str]  # GRANT statements for the table, its owner first
    options: list[str]  # storage parameters
    publications: list[str]


def _read_definition(cursor, table: str) -> _Definition:
    cursor.execute(
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'f', 'x') "
        "ORDER BY position(contype::text IN 'puxf'), conname",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE i.indrelid = %s::regclass "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid) "
        "ORDER BY c.relname",
        [table],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT tgname, pg_get_triggerdef(oid), tgenabled FROM pg_trigger WHERE tgrelid = %s::regclass "
        "AND NOT tgisinternal ORDER BY tgname",
        [table],
    )
    triggers = cursor.fetchall()
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    sequence = cursor.fetchone()[0]
    cursor.execute(
        "SELECT c.relowner::regrole::text, c.reloptions, "
        "ARRAY(SELECT format('GRANT %%s ON TABLE {next} TO %%s%%s', a.privilege_type, "
        "      CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END, "
        "      CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) "
        "      FROM aclexplode(c.relacl) AS a WHERE a.grantee <> c.relowner), "
        "ARRAY(SELECT p.pubname FROM pg_publication_rel AS r JOIN pg_publication AS p ON p.oid = r.prpubid "
        "      WHERE r.prrelid = c.oid ORDER BY 1) "
        "FROM pg_class AS c WHERE c.oid = %s::regclass",
        [table],
    )
    owner, options, grants, publications = cursor.fetchone()
    return _Definition(
        constraints, indexes, triggers, sequence, [f"ALTER TABLE {{next}} OWNER TO {owner}", *grants],
        list(options or []), list(publications),
    )  # fmt: skip


def _next_name(name: str) -> str:
    """The build-time name of an index or constraint (names of indexes are unique per schema)."""
    return name[: 63 - len(NEXT_SUFFIX)] + NEXT_SUFFIX


def _retarget(statement: str, old: str, new: str, name: str | None = None, new_name: str | None = None) -> str:
    """A catalogue-printed CREATE INDEX/TRIGGER statement made for the new table (and a new name); the
    catalogue prints the table qualified or not, depending on the search path."""
    for printed in (old, old.split(".", 1)[1]):
        head, into = (f" ON {printed} ", f" ON {new} ")
        if name is not None:
            head, into = f" {_ident(name)}{head}", f" {_ident(new_name)}{into}"
        if head in statement:
            return statement.replace(head, into, 1)
    raise BulkLoadError(f"Không đọc được định nghĩa (unexpected definition): {statement}")


def _ident(name: str) -> str:
    return name if name.isidentifier() and name == name.lower() else '"' + name.replace('"', '""') + '"'


def _swap_replace(cursor, table, tenant_ids, column_list, result: BulkResult, stage, known: list[int]):
    """Large load: build the new aggregate beside the one in service, then swap it in (see the module); ``known``:
    the sites existing when the load took its locks (the entries of any other are replayed at the swap)."""
    next_table = f"{table}{NEXT_SUFFIX}"
    bare = table.split(".", 1)[1]
    definition = _read_definition(cursor, table)
    scopes = _affected_scopes(cursor, table, tenant_ids)
    gone = _mirrored_ids(cursor, table, tenant_ids)
    result.removed = _count_replaced(cursor, table, tenant_ids)
    started = time.monotonic()
    stage("ghi mục và vectơ tìm kiếm vào bảng mới (write entries and search vectors to the new table)")
    with transaction.atomic():
        next_sequence = _fill_next(cursor, table, next_table, tenant_ids, column_list, definition, result)
    result.insert_seconds = time.monotonic() - started

    started = time.monotonic()
    with transaction.atomic():
        result.rebuilt = _build(cursor, next_table, table, definition, stage)
        stage("đếm mục theo tuần (week counts)")
        _count_weeks(cursor, next_table, scopes)
        cursor.execute(f"ANALYZE {next_table}")
    result.index_seconds = time.monotonic() - started

    stage("thay bảng (swap tables)")
    renames = [(_next_name(name), name) for name, _type, _def in definition.constraints]
    renames += [(_next_name(name), name) for name, _def in definition.indexes]
    for attempt in range(1, SWAP_ATTEMPTS + 1):
        result.swap_attempts = attempt
        try:
            with transaction.atomic():
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # earlier writes' deferred checks: DROP needs none
                cursor.execute(f"SET LOCAL lock_timeout = '{SWAP_LOCK_TIMEOUT}'")
                cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
                started = time.monotonic()
                _apply_weeks(cursor, scopes)  # every writer of entries waits (the lock): no trigger meets these rows
                result.replayed = _replay_new_sites(cursor, table, next_table, known, scopes, definition, next_sequence)
                cursor.execute(f"DROP TABLE {table}")
                cursor.execute(f"ALTER TABLE {next_table} RENAME TO {_ident(bare)}")
                cursor.execute("SET LOCAL lock_timeout = 0")
                _rename_parts(cursor, table, renames, definition, next_sequence)
                result.swap_seconds = time.monotonic() - started
            break
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != "55P03":  # not "lock not available"
                raise
            if attempt == SWAP_ATTEMPTS:
                raise BulkLoadError(
                    f"Không thay được bảng tìm kiếm sau {attempt} lần (the swap did not get its lock): {error}"
                ) from error
            time.sleep(min(0.1 * 2 ** (attempt - 1), 2.0))
    return scopes, gone


def _fill_next(cursor, table, next_table, tenant_ids, column_list, definition, result) -> str | None:
    """Create the new table and write the entries kept (same ids) and the new ones (vectors computed)."""
    cursor.execute(f"DROP TABLE IF EXISTS {next_table}")
    cursor.execute(
        f"CREATE TABLE {next_table} (LIKE {table} INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING IDENTITY "
        "INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMPRESSION INCLUDING COMMENTS)"
    )
    next_sequence = None
    if definition.sequence:  # new ids continue where the aggregate's sequence stands…
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [next_table])
        next_sequence = cursor.fetchone()[0]
        # … and the live sequence jumps past the ids the loaded rows take: a site created meanwhile writes
        # entries whose ids the new table does not hold (replayed at the swap with them).
        cursor.execute("SELECT nextval(%s)", [definition.sequence])  # the first id the loaded rows take
        start = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s, %s, false)", [definition.sequence, start + result.loaded])
        cursor.execute("SELECT setval(%s, %s, false)", [next_sequence, start])
    if tenant_ids is not None and result.kept:
        _insert(
            cursor,
            f"INSERT INTO {next_table} (id, {column_list}) SELECT id, {column_list} FROM {table} "
            "WHERE NOT tenant_id = ANY(%s) ORDER BY id",
            [list(tenant_ids)],
        )
    _insert(cursor, f"INSERT INTO {next_table} ({column_list}) SELECT {column_list} FROM {STAGING}")
    return next_sequence


def _build(cursor, next_table: str, table: str, definition: _Definition, stage) -> list[str]:
    """The new table's constraints, indexes, triggers, grants, set-wise (one sort or GIN build each)."""
    cursor.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
    built = []
    for name, contype, constraint in definition.constraints:
        if contype == "f":
            continue
        stage(f"ràng buộc {name}")
        _constrain(cursor, next_table, _next_name(name), constraint)
        built.append(name)
    for name, statement in definition.indexes:
        stage(f"chỉ mục {name}")
        cursor.execute(_retarget(statement, table, next_table, name, _next_name(name)))
        built.append(name)
    for name, contype, constraint in definition.constraints:
        if contype == "f":
            stage(f"ràng buộc {name}")
            _constrain(cursor, next_table, _next_name(name), constraint)
            built.append(name)
    for _name, statement, _enabled in definition.triggers:  # after the inserts: they did not fire for the load
        cursor.execute(_retarget(statement, table, next_table))
    _trigger_modes(cursor, next_table, definition)
    if definition.options:
        cursor.execute(f"ALTER TABLE {next_table} SET ({', '.join(definition.options)})")
    for grant in definition.grants:
        cursor.execute(grant.format(next=next_table))
    return built


def _trigger_modes(cursor, next_table: str, definition: _Definition) -> None:
    """The new table's user triggers enabled as the aggregate's are (disabled, replica-only or always)."""
    for name, _statement, enabled in definition.triggers:
        if enabled == "D":
            cursor.execute(f"ALTER TABLE {next_table} DISABLE TRIGGER {_ident(name)}")
        elif enabled in ("R", "A"):
            mode = "REPLICA" if enabled == "R" else "ALWAYS"
            cursor.execute(f"ALTER TABLE {next_table} ENABLE {mode} TRIGGER {_ident(name)}")


def _replay_new_sites(
    cursor, table: str, next_table: str, known: list[int], scopes: list[str] | None, definition, next_sequence
) -> int:
    """In the swap, the aggregate locked: the entries of the sites created since the load took its locks, as
    they are now, replace whatever the new table copied of them; returns how many. The week counts already
    hold these rows for the scopes the load did not recompute (the aggregate's triggers counted them), so the
    new table's triggers stay off and only the recomputed ``scopes`` get the difference."""
    new = list(Tenant.objects.exclude(pk__in=known).values_list("pk", flat=True))
    if not new:
        return 0
    counts = f"public.{WeekCount._meta.db_table}"
    only = "" if scopes is None else "WHERE s.scope = ANY(%s)"
    cursor.execute(
        f"""INSERT INTO {counts} (scope, week, n)
            SELECT s.scope, public.congttdt_week(r.date), sum(r.delta) FROM (
                SELECT tenant_path, date, 1 AS delta FROM {table} WHERE tenant_id = ANY(%s)
                UNION ALL SELECT tenant_path, date, -1 FROM {next_table} WHERE tenant_id = ANY(%s)) AS r,
            public.congttdt_scopes(r.tenant_path) AS s(scope) {only}
            GROUP BY 1, 2 HAVING sum(r.delta) <> 0
            ON CONFLICT (scope, week) DO UPDATE SET n = {counts}.n + EXCLUDED.n""",
        [new, new] + ([] if scopes is None else [scopes]),
    )
    cursor.execute(f"ALTER TABLE {next_table} DISABLE TRIGGER USER")
    cursor.execute(f"DELETE FROM {next_table} WHERE tenant_id = ANY(%s)", [new])
    columns = ", ".join(("id", *ENTRY_COLUMNS))
    cursor.execute(
        f"INSERT INTO {next_table} ({columns}) SELECT {columns} FROM {table} WHERE tenant_id = ANY(%s)", [new]
    )
    replayed = cursor.rowcount
    cursor.execute(f"ALTER TABLE {next_table} ENABLE TRIGGER USER")
    _trigger_modes(cursor, next_table, definition)
    if next_sequence and definition.sequence:  # later ids start past the replayed ones
        cursor.execute(
            f"SELECT setval(%s, o.last_value, o.is_called) FROM {definition.sequence} AS o, {next_sequence} AS n "
            "WHERE o.last_value > n.last_value",
            [next_sequence],
        )
    return replayed


def _constrain(cursor, next_table: str, name: str, constraint: str) -> None:
    try:
        with transaction.atomic():
            cursor.execute(f"ALTER TABLE {next_table} ADD CONSTRAINT {_ident(name)} {constraint}")
    except (IntegrityError, OperationalError) as error:  # duplicate pages or an unknown site: nothing changes
        raise BulkLoadError(f"Dữ liệu nạp vi phạm ràng buộc (the rows break a constraint): {error}") from error


def _rename_parts(cursor, table: str, renames, definition: _Definition, next_sequence: str | None) -> None:
    """After the swap: the indexes, constraints and sequence take the old table's names; publications."""
    constraint_names = {name for name, _type, _def in definition.constraints}
    for temporary, name in renames:
        if name in constraint_names:
            cursor.execute(f"ALTER TABLE {table} RENAME CONSTRAINT {_ident(temporary)} TO {_ident(name)}")
        else:
            cursor.execute(f"ALTER INDEX public.{_ident(temporary)} RENAME TO {_ident(name)}")
    if next_sequence and definition.sequence:
        cursor.execute(f"ALTER SEQUENCE {next_sequence} RENAME TO {_ident(definition.sequence.split('.', 1)[1])}")
    for publication in definition.publications:
        cursor.execute(f"ALTER PUBLICATION {_ident(publication)} ADD TABLE {table}")


def _count_replaced(cursor, table: str, tenant_ids: Collection[int] | None) -> int:
    if tenant_ids is None:
        cursor.execute(f"SELECT count(*) FROM {table}")
    else:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE tenant_id = ANY(%s)", [list(tenant_ids)])
    return cursor.fetchone()[0]


def _count_weeks(cursor, table: str, scopes: list[str] | None) -> None:
    """The week counts (``WeekCount``, normally kept by triggers) of the affected scopes of the new table,
    in one pass, into a temporary table (applied at the swap)."""
    where, params = ("", []) if scopes is None else ("WHERE s.scope = ANY(%s)", [scopes])
    cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{WEEKS}")
    cursor.execute(
        f"CREATE TEMP TABLE {WEEKS} AS SELECT s.scope, public.congttdt_week(e.date) AS week, "
        f"count(*) AS n FROM {table} AS e, public.congttdt_scopes(e.tenant_path) AS s(scope) {where} GROUP BY 1, 2",
        params,
    )


def _apply_weeks(cursor, scopes: list[str] | None) -> None:
    counts = f"public.{WeekCount._meta.db_table}"
    if scopes is None:
        cursor.execute(f"DELETE FROM {counts}")
    else:
        cursor.execute(f"DELETE FROM {counts} WHERE scope = ANY(%s)", [scopes])
    cursor.execute(f"INSERT INTO {counts} (scope, week, n) SELECT scope, week, n FROM {WEEKS}")
    cursor.execute(f"DROP TABLE pg_temp.{WEEKS}")


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
