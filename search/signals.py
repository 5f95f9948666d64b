"""Wagtail page signals → outbox rows, for every page model (no knowledge of the content types).

Objects stored beside a page whose data its entry shows (``search_pages()``, e.g. a service's dossier
statistics) re-queue that page when saved or deleted.
The row for a page saved, published or unpublished is written by ``post_save``, which Django sends
inside ``Page.save()``'s own transaction: the page row and its outbox row commit together.
Moves, slug changes and view restrictions also touch the descendants (their URL or visibility
changed); deletions are caught per deleted page (``post_delete`` is sent for each descendant too).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from core.signals import PAGE_BOOKKEEPING_FIELDS
from tenants.signals import tenant_moved, tenant_restored, tenant_status_changed

from .indexer import move_tenant_paths, rebuild_restored_site, remove_tenant_entries
from .outbox.models import OutboxItem
from .outbox.recording import record, requeue_tenant


def _is_page(instance) -> bool:
    from wagtail.models import Page

    return isinstance(instance, Page)


def _subtree_ids(page) -> list[int]:
    from wagtail.models import Page

    return list(Page.objects.descendant_of(page, inclusive=True).values_list("id", flat=True))


@receiver(post_save)
def page_saved(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    if raw:
        return
    if not _is_page(instance):
        related_data_changed(instance)
        return
    if update_fields is not None and set(update_fields) <= PAGE_BOOKKEEPING_FIELDS:
        return
    record([instance.pk], OutboxItem.Action.SAVE)


@receiver(page_published)
def page_was_published(sender, instance, **kwargs) -> None:
    record([instance.pk], OutboxItem.Action.PUBLISH)


@receiver(page_unpublished)
def page_was_unpublished(sender, instance, **kwargs) -> None:
    record([instance.pk], OutboxItem.Action.UNPUBLISH)


def related_data_changed(instance) -> None:
    """Data shown in a page's search entry but stored beside it (e.g. a service's dossier statistics)
    re-queues that page: such models name their pages with ``search_pages()`` → page ids."""
    pages = getattr(instance, "search_pages", None)
    if callable(pages):
        record(pages(), OutboxItem.Action.SAVE)


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs) -> None:
    from wagtail.models import Page

    if not _is_page(instance):
        related_data_changed(instance)
        return
    if sender is Page:  # once per page (the specific model's post_delete is sent too)
        record([instance.pk], OutboxItem.Action.DELETE)


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs) -> None:
    record(_subtree_ids(instance), OutboxItem.Action.MOVE)


@receiver(page_slug_changed)
def page_slug_was_changed(sender, instance, **kwargs) -> None:
    record(_subtree_ids(instance), OutboxItem.Action.MOVE)


@receiver(post_save, sender="wagtailcore.PageViewRestriction")
@receiver(post_delete, sender="wagtailcore.PageViewRestriction")
def view_restriction_changed(sender, instance, **kwargs) -> None:
    from wagtail.models import Page

    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        record(_subtree_ids(page), OutboxItem.Action.RESTRICT)


@receiver(tenant_status_changed)
def tenant_status_was_changed(sender, tenant, old, new, **kwargs) -> None:
    """A suspended or archived site leaves search; an active one comes back (through its outbox)."""
    if new == "active":
        requeue_tenant(tenant)
    else:
        remove_tenant_entries(tenant)


@receiver(tenant_moved)
def tenant_was_moved(sender, old_path: str, new_path: str, **kwargs) -> None:
    """A re-parented subtree: its aggregate entries (and so every search scope) follow."""
    move_tenant_paths(old_path, new_path)


@receiver(tenant_restored)
def tenant_was_restored(sender, tenant, **kwargs) -> None:
    """A site restored from a backup: its search index and its aggregate entries follow its new rows
    (a page deleted since the backup is found again, one added since is not)."""
    rebuild_restored_site(tenant)
