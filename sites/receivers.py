"""Receivers of the sites app: a file attached to a legal document is queued for reading its text
(search inside attachments, ``sites.services.attachments``); a section published under a new title
renames its members' section groups (``sites.services.members``)."""

from __future__ import annotations

import functools

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from .models.legal import LegalDocumentFile
from .services.attachments import mark_pending
from .services.members import rename_section_groups
from .tasks import enqueue


@receiver(post_save, sender=LegalDocumentFile)
def file_attached(sender, instance: LegalDocumentFile, raw: bool = False, **kwargs) -> None:
    """Mark the file pending in the same transaction; queue its reading once that commits."""
    if not raw and instance.document_id:
        pending = mark_pending([instance.document_id])
        if pending:
            transaction.on_commit(functools.partial(enqueue, pending))


@receiver(page_published)
def section_renamed(sender, instance, **kwargs) -> None:
    """A section's groups ("Biên tập viên · Tin tức") follow the section's published title."""
    rename_section_groups(instance)
