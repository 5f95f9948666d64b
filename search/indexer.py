"""Outbox drain and rebuild: bring a tenant's published pages into the public aggregate.

Every operation reads the *current* state of the pages (never replays the outbox's actions), so
draining twice, draining concurrently or rebuilding over a drained aggregate gives the same rows.
One drain per tenant at a time (a transaction-scoped advisory lock); the outbox rows of a batch are
deleted in the same transaction that writes their entries, so a crash loses nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import connection, transaction
from django_tenants.utils import schema_context, schema_exists

from core.signals import aggregate_changed
from tenants.models import Tenant
from tenants.tree import active_sites, under_path

from .bulk import BulkResult, bulk_replace, entry_row
from .cache import bump_generation
from .documents import page_document, tenant_base_url
from .engines import elastic
from .locks import lock_site_drain, lock_site_drains, release_site_drains
from .models import Entry
from .outbox.models import OutboxItem

log = logging.getLogger(__name__)
BATCH = 200


def delete_entries(entries: list[Entry]) -> None:
    """Plain DELETE: no collector (Entry's generic relation to Wagtail's per-schema search index
    would be looked up in whatever schema is active — the aggregate has no such rows)."""
    if entries:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Entry._meta.db_table} WHERE id = ANY(%s)", [[e.pk for e in entries]])


def sync_pages(tenant: Tenant, page_ids: Iterable[int]) -> tuple[list[Entry], list[Entry]]:
    """Upsert entries of the given pages of ``tenant`` (current schema) or remove them; return both."""
    from wagtail.models import Page

    ids = set(page_ids)
    base_url = tenant_base_url(tenant.primary_hostname)
    documents = {}
    for page in Page.objects.filter(id__in=ids).specific(defer=False).select_related("locale"):
        document = page_document(page, base_url)
        if document is not None:
            documents[page.pk] = document
    gone = ids - documents.keys()
    removed = list(Entry.objects.filter(tenant=tenant, page_id__in=gone))
    delete_entries(removed)
    upserts = [
        Entry(tenant=tenant, tenant_path=tenant.path, tenant_kind=tenant.kind, page_id=pk, **doc.entry_fields())
        for pk, doc in documents.items()
    ]
    if upserts:
        update_fields = [
            f.name
            for f in Entry._meta.concrete_fields
            if not f.primary_key and not f.generated and f.name not in ("tenant", "page_id")
        ]
        Entry.objects.bulk_create(
            upserts, update_conflicts=True, unique_fields=["tenant", "page_id"], update_fields=update_fields
        )
    return upserts, removed


def drain_schema(schema_name: str, batch: int = BATCH) -> int:
    """Drain one tenant's outbox into the aggregate; return the number of outbox rows consumed."""
    consumed = 0
    if schema_name == "public" or not _outbox_exists(schema_name):
        return 0
    with schema_context(schema_name):
        tenant = Tenant.objects.filter(schema_name=schema_name).first()
        if tenant is None:  # the clone template, or a schema being provisioned
            return 0
        while True:
            with transaction.atomic():
                lock_site_drain(schema_name)
                items = list(OutboxItem.objects.order_by("id").values_list("id", "page_id")[:batch])
                if not items:
                    break
                if tenant.is_active:
                    upserts, removed = sync_pages(tenant, {page_id for _, page_id in items})
                else:  # suspended or archived: its rows left search when its status changed
                    upserts, removed = [], []
                OutboxItem.objects.filter(id__in=[pk for pk, _ in items]).delete()
                transaction.on_commit(lambda u=upserts, r=removed: after_change(u, r))
            consumed += len(items)
    return consumed


def drain_all(progress: Callable[[Iterable], Iterable] | None = None) -> dict[str, int]:
    """Drain every tenant's outbox (the periodic sweep and ``manage.py search_drain``)."""
    with schema_context("public"):
        schemas = list(active_sites().values_list("schema_name", flat=True))
    drained = {}
    for schema_name in progress(schemas) if progress else schemas:
        count = drain_schema(schema_name)
        if count:
            drained[schema_name] = count
    return drained


def _outbox_exists(schema_name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [f'"{schema_name}".{OutboxItem._meta.db_table}'])
        return cursor.fetchone()[0] is not None


def rebuild_tenant(tenant: Tenant, progress: Callable[[Iterable], Iterable] | None = None) -> tuple[int, int]:
    """Re-read every page of a tenant; return (entries written, entries removed). Idempotent."""
    from wagtail.models import Page

    written = removed_count = 0
    if not schema_exists(tenant.schema_name):
        return 0, 0
    with schema_context(tenant.schema_name):
        page_ids = list(Page.objects.filter(depth__gt=1).order_by("id").values_list("id", flat=True))
        chunks = [page_ids[i : i + BATCH] for i in range(0, len(page_ids), BATCH)]
        for chunk in progress(chunks) if progress else chunks:
            with transaction.atomic():
                lock_site_drain(tenant.schema_name)
                upserts, removed = sync_pages(tenant, chunk) if tenant.is_active else ([], [])
                transaction.on_commit(lambda u=upserts, r=removed: after_change(u, r))
            written += len(upserts)
            removed_count += len(removed)
        with transaction.atomic():
            stale = Entry.objects.filter(tenant=tenant)
            if tenant.is_active:
                stale = stale.exclude(page_id__in=page_ids)
            stale_entries = list(stale)
            delete_entries(stale_entries)
            transaction.on_commit(lambda r=stale_entries: after_change([], r))
        removed_count += len(stale_entries)
    return written, removed_count


def rebuild_site_index(tenant: Tenant, chunk: int = 500) -> int:
    """Wagtail's own search index inside the site's schema (the admin's and the site's page search, the
    database backend): emptied and refilled from the schema's rows in one transaction, as Wagtail's
    ``update_index`` does for one schema; return the count. Only models of tenant apps (the aggregate
    lives in ``public``)."""
    from wagtail.search.backends import get_search_backend
    from wagtail.search.index import get_indexed_models

    backend = get_search_backend("default")
    count = 0
    with schema_context(tenant.schema_name), transaction.atomic():
        backend.reset_indexes()  # this schema's index rows
        groups: dict[str, tuple[object, list]] = {}
        for model in get_indexed_models():
            if model._meta.app_config.name in settings.TENANT_APPS:
                index = backend.get_index_for_model(model)
                groups.setdefault(index.get_key(), (index, []))[1].append(model)
        for index, models in groups.values():
            rebuilder = backend.rebuilder_class(index)
            index = rebuilder.start()
            for model in models:
                index.add_model(model)
                objects = model.get_indexed_objects().order_by("pk")
                for start in range(0, objects.count(), chunk):
                    items = list(objects[start : start + chunk])
                    index.add_items(model, items)
                    count += len(items)
            rebuilder.finish()  # title norms over the whole index
    return count


def rebuild_restored_site(tenant: Tenant) -> tuple[int, int, int]:
    """After a restore: the site's own index, then its province-wide entries (written, removed)."""
    indexed = rebuild_site_index(tenant)
    with schema_context(tenant.schema_name), transaction.atomic():
        OutboxItem.objects.all().delete()  # the backup's pending changes: the rebuild reads every page
    return (indexed, *rebuild_tenant(tenant))


def remove_tenant_entries(tenant: Tenant) -> int:
    with schema_context("public"), transaction.atomic():
        lock_site_drain(tenant.schema_name)  # not while a bulk load replaces the aggregate beside
        entries = list(Entry.objects.filter(tenant=tenant))
        delete_entries(entries)
        transaction.on_commit(lambda: after_change([], entries))
    return len(entries)


def move_tenant_paths(old_path: str, new_path: str) -> int:
    """A subtree was re-parented: its entries take the new tree paths (their scope marks are generated
    from ``tenant_path``, the week counts follow by trigger). URLs stay: hostnames do not change."""
    with schema_context("public"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT DISTINCT t.schema_name FROM {Tenant._meta.db_table} AS t JOIN {Entry._meta.db_table} AS e "
                "ON e.tenant_id = t.id WHERE e.tenant_path = %s OR e.tenant_path LIKE %s",
                [old_path, old_path + ".%"],
            )
            lock_site_drains(row[0] for row in cursor.fetchall())  # as every writer of these sites' entries
            cursor.execute(
                f"UPDATE {Entry._meta.db_table} SET tenant_path = %s || substr(tenant_path, %s) "
                "WHERE tenant_path = %s OR tenant_path LIKE %s",
                [new_path, len(old_path) + 1, old_path, old_path + ".%"],
            )
            count = cursor.rowcount
        entries = list(Entry.objects.filter(under_path(new_path, "tenant_path")))
        transaction.on_commit(lambda: after_change(entries, []))
    return count


def after_change(upserts: list[Entry], removed: list[Entry]) -> None:
    """After commit: invalidate cached search results and tell the pages that show the aggregate
    (``core.signals.aggregate_changed``); mirror to Elasticsearch when selected."""
    if not upserts and not removed:
        return
    bump_generation()
    aggregate_changed.send(sender=Entry, paths={entry.tenant_path for entry in [*upserts, *removed]})
    if getattr(settings, "SEARCH_BACKEND", "postgres") == "elasticsearch":
        elastic.mirror(upserts, removed)


def bulk_rebuild(
    tenants: list[Tenant],
    on_page: Callable[[int], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> BulkResult:
    """Rebuild the entries of many sites at once (a province, or every site) through the bulk path
    (``search.bulk``): every page re-read, the sites' entries replaced in one transaction. Inactive
    sites lose their entries. Each site's drain lock is held (at session level) until the replacement is
    committed, so a drain cannot write between the read of its pages and the replacement. Idempotent; an interruption leaves the
    aggregate as it was (see ``search.bulk``). ``on_page(n)`` reports pages read."""
    from django.utils import timezone
    from wagtail.models import Page

    now = timezone.now()
    held: list[str] = []

    def rows():
        for tenant in tenants:
            if not tenant.is_active or not schema_exists(tenant.schema_name):
                continue
            lock_site_drains([tenant.schema_name], session=True)  # until the swap (the build commits in steps)
            held.append(tenant.schema_name)
            base_url = tenant_base_url(tenant.primary_hostname)
            with schema_context(tenant.schema_name):
                page_ids = list(Page.objects.filter(depth__gt=1).order_by("id").values_list("id", flat=True))
                for start in range(0, len(page_ids), BATCH):
                    chunk = page_ids[start : start + BATCH]
                    pages = Page.objects.filter(id__in=chunk).specific(defer=False).select_related("locale")
                    found = [(page.pk, page_document(page, base_url)) for page in pages]
                    if on_page:
                        on_page(len(chunk))
                    yield from (entry_row(tenant, pk, document, now) for pk, document in found if document)

    try:
        return bulk_replace(rows(), tenant_ids=[tenant.pk for tenant in tenants], on_stage=on_stage)
    finally:
        if not connection.needs_rollback:
            release_site_drains(held)


def count_pages(tenants: list[Tenant]) -> int:
    """Pages a rebuild of these sites reads (for a progress bar)."""
    from wagtail.models import Page

    total = 0
    for tenant in tenants:
        if tenant.is_active and schema_exists(tenant.schema_name):
            with schema_context(tenant.schema_name):
                total += Page.objects.filter(depth__gt=1).count()
    return total
