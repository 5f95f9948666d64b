"""Receivers of the sites app: a file attached to a legal document is queued for reading its text
(search inside attachments, ``sites.services.attachments``)."""

from __future__ import annotations

import functools

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models.legal import LegalDocumentFile
from .services.attachments import mark_pending
from .tasks import enqueue


@receiver(post_save, sender=LegalDocumentFile)
def file_attached(sender, instance: LegalDocumentFile, raw: bool = False, **kwargs) -> None:
    """Mark the file pending in the same transaction; queue its reading once that commits."""
    if not raw and instance.document_id:
        pending = mark_pending([instance.document_id])
        if pending:
            transaction.on_commit(functools.partial(enqueue, pending))
