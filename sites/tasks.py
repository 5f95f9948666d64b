"""Celery tasks of the sites app: reading attached files' text in the background (search inside
attachments) and re-checking signature verdicts when the trust roots change. Each runs in the schema it was queued from (``tenants.background.SchemaBoundTask``); the
sweep runs in the public schema and visits every active site."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django_tenants.utils import schema_context

from tenants.tree import active_sites

from .services.attachments import extract_document, sweep
from .services.signatures import recheck_site

log = logging.getLogger(__name__)
# Outer guard of one file: the reader itself is killed at DOCUMENT_TEXT_SECONDS (sites.textextract).
HARD_LIMIT = int(getattr(settings, "DOCUMENT_TEXT_SECONDS", 60)) + 60


@shared_task(name="portal.extract_attachment_text", ignore_result=True, acks_late=True, time_limit=HARD_LIMIT)
def extract_attachment_text(document_id: int) -> str | None:
    """Read one attached file of the current site and store its text (or why there is none)."""
    row = extract_document(document_id)
    return row.status if row else None


@shared_task(name="portal.sweep_attachment_texts", ignore_result=True)
def sweep_attachment_texts() -> dict[str, int]:
    """Periodic safety net: read the files whose task was lost (broker down, worker stopped)."""
    with schema_context("public"):
        schemas = list(active_sites().values_list("schema_name", flat=True))
    done = {}
    for schema_name in schemas:
        with schema_context(schema_name):
            count = sweep()
        if count:
            done[schema_name] = count
    return done


@shared_task(name="portal.recheck_signatures", ignore_result=True)
def recheck_signatures() -> dict[str, int]:
    """Daily: every site's signature verdicts made under other trust roots, verified again; the
    number of changed verdicts per site."""
    with schema_context("public"):
        schemas = list(active_sites().values_list("schema_name", flat=True))
    changed = {}
    for schema_name in schemas:
        with schema_context(schema_name):
            result = recheck_site()
        if result.changed:
            changed[schema_name] = result.changed
    return changed


def enqueue(document_ids: list[int]) -> None:
    """Queue one reading per file; never raises (with the broker down the files stay pending for the sweep)."""
    for document_id in document_ids:
        try:
            extract_attachment_text.apply_async(args=[document_id], retry=False)
        except Exception as exc:  # broker unreachable, Redis down…
            log.warning("Attachment text of document %s not queued (%s); the sweep will read it.", document_id, exc)
            return
