"""Wagtail's two per-save indexes (its admin search index and its reference index) deferred to one
set-wise rebuild of the current schema — for code that writes many pages at once (the demo's build,
a merge of sites).

After every save Wagtail updates both indexes (two tasks per save, run at once by the immediate task
backend): about 30 % of the demo's build. Rebuilt once at the end, in the same schema, the indexes
hold the same entries. The switch is process-wide (Django signals): use it in a command or a worker
task, never around a request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management import call_command
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from modelsearch import index as search_index
from modelsearch import signal_handlers as search_signals
from modelsearch.management.commands.rebuild_modelsearch_index import Command as RebuildSearchIndex
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def wagtail_index_updates_off() -> Iterator[None]:
    """Turn off Wagtail's per-save index updates (the caller rebuilds: ``rebuild_wagtail_indexes``)."""
    indexed = [model for model in search_index.get_indexed_models() if getattr(model, "search_auto_update", True)]
    for model in indexed:
        post_save.disconnect(search_signals.post_save_signal_handler, sender=model)
        post_delete.disconnect(search_signals.post_delete_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in indexed:
            post_save.connect(search_signals.post_save_signal_handler, sender=model)
            post_delete.connect(search_signals.post_delete_signal_handler, sender=model)


def rebuild_wagtail_indexes() -> None:
    """Rebuild the search index and the reference index of the current schema, in one transaction."""
    with transaction.atomic():
        call_command(RebuildSearchIndex(), backend_name="default", verbosity=0)  # modelsearch is not an app
        call_command("rebuild_references_index", verbosity=0)


@contextmanager
def wagtail_indexes_rebuilt_at_the_end() -> Iterator[None]:
    """Per-save index updates off inside the block, both indexes rebuilt once when it ends well."""
    with wagtail_index_updates_off():
        yield
    rebuild_wagtail_indexes()
