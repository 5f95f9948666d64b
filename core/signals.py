"""Signals that cross the feature apps without an import between them (the senders and receivers
each import only ``core``).

``aggregate_changed`` — sent after commit by ``search`` when entries of the province-wide aggregate
were written or removed, with ``paths``: the tenant paths whose entries changed. Pages that show the
aggregate (roll-ups: the latest news beneath, the services registry) of those sites and of every site
above them are then stale (the page cache listens).
"""

from django.dispatch import Signal

aggregate_changed = Signal()

# ``Page.save(update_fields=…)`` calls that only touch editorial bookkeeping (draft revisions, locks)
# never change what citizens see: neither search nor the page cache reacts to them.
PAGE_BOOKKEEPING_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
        "numchild",
    }
)
