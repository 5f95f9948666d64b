"""What makes cached pages stale, and which: receivers of Django's and Wagtail's signals and of
``core.signals.aggregate_changed`` — no content app is imported.

* Any row written or deleted in a site's schema (pages published, unpublished, moved, deleted; site
  settings, snippets, menus, documents, dossier figures, tags…) moves **that site's** generation:
  every cached page of the site is stale (the page, its ancestors and listings, the home page — a
  per-site bump, cheaper to get right than a page-by-page map of what shows what). Bookkeeping that
  no public page shows is left out (``IGNORED``), and so are rows a citizen creates that are not
  public until an editor acts on them (``QUIET_ON_CREATE``: the editor's later change bumps).
* An aggregate change (after the search outbox drained) moves the generations of the sites whose
  entries changed and of every site above them: the parent portals' "latest from below" and
  services roll-ups.
* The tenant tree (sites, names, domains, status) shows on other sites' pages (parent portal,
  component sites): a change of it moves the platform's generation, so every page is stale.
The site's generation is moved at once and again after the commit (a page rendered in between from
the old rows is not kept past the commit). With ``FRONTEND_CACHE_PURGE_URL`` the pages' URLs are
also purged from the CDN by Wagtail's ``frontend_cache`` (its own receivers).
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django_tenants.utils import get_public_schema_name, schema_context
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.signals import PAGE_BOOKKEEPING_FIELDS, aggregate_changed
from tenants.signals import primary_domain_changed, tenant_status_changed
from tenants.tree import all_sites

from .store import bump_sites, platform_generation

IGNORED_APPS = {"sessions", "axes", "otp_totp", "otp_static", "django_otp", "admin", "contenttypes", "wagtailadmin"}
IGNORED = {
    "auth.user",  # last_login on every sign-in; names of authors come with the page's own change
    "wagtailcore.revision",  # a draft; publishing it saves the page
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.pagesubscription",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.referenceindex",
    "wagtailcore.uploadedfile",
    "wagtailsearch.indexentry",
    "wagtailimages.rendition",  # made while a page renders
    "wagtailusers.userprofile",
    "outbox.outboxitem",
    "participation.visitday",
}
QUIET_ON_CREATE = {"participation.question", "participation.consultationcomment", "participation.siterating"}


def bump_current_site() -> None:
    """The current schema's pages are stale: now, and once more when the transaction commits."""
    schema_name = connection.schema_name
    if schema_name == get_public_schema_name():
        return
    bump_sites([schema_name])
    if connection.in_atomic_block:
        transaction.on_commit(lambda: bump_sites([schema_name]))


def shows_on_pages(model, created: bool = False, update_fields=None) -> bool:
    meta = model._meta
    label = meta.label_lower
    if meta.app_label in IGNORED_APPS or label in IGNORED or (created and label in QUIET_ON_CREATE):
        return False
    return not (update_fields and set(update_fields) <= PAGE_BOOKKEEPING_FIELDS)


@receiver(post_save, dispatch_uid="pagecache-saved")
def row_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs) -> None:
    if not raw and shows_on_pages(sender, created, update_fields):
        bump_current_site()


@receiver(post_delete, dispatch_uid="pagecache-deleted")
def row_deleted(sender, instance, **kwargs) -> None:
    if shows_on_pages(sender):
        bump_current_site()


@receiver(m2m_changed, dispatch_uid="pagecache-m2m")
def relation_changed(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and shows_on_pages(type(instance)):
        bump_current_site()


@receiver(page_published, dispatch_uid="pagecache-published")
@receiver(page_unpublished, dispatch_uid="pagecache-unpublished")
@receiver(post_page_move, dispatch_uid="pagecache-moved")
def page_changed(sender, instance, **kwargs) -> None:
    bump_current_site()


def ancestor_paths(paths) -> set[str]:
    """Every path and the paths above it ("a.b.c" → "a.b.c", "a.b", "a")."""
    found = set()
    for path in paths:
        parts = path.split(".")
        found.update(".".join(parts[:end]) for end in range(1, len(parts) + 1))
    return found


@receiver(aggregate_changed, dispatch_uid="pagecache-aggregate")
def aggregate_was_changed(sender, paths, **kwargs) -> None:
    with schema_context(get_public_schema_name()):
        schemas = list(all_sites().filter(path__in=ancestor_paths(paths)).values_list("schema_name", flat=True))
    bump_sites(schemas)


@receiver(post_save, sender="tenants.Tenant", dispatch_uid="pagecache-tenant-saved")
@receiver(post_delete, sender="tenants.Tenant", dispatch_uid="pagecache-tenant-deleted")
@receiver(post_save, sender="tenants.Domain", dispatch_uid="pagecache-domain-saved")
@receiver(post_delete, sender="tenants.Domain", dispatch_uid="pagecache-domain-deleted")
@receiver(tenant_status_changed, dispatch_uid="pagecache-tenant-status")
@receiver(primary_domain_changed, dispatch_uid="pagecache-primary-domain")
def tree_changed(**kwargs) -> None:
    platform_generation.bump()
    if connection.in_atomic_block:
        transaction.on_commit(platform_generation.bump)
