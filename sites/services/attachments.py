"""Search inside attachments (D6, issue 17): the text of every attached PDF, DOCX and ODT file is read in
the background — a Celery task per file, queued when the file is attached, with a size limit
(``DOCUMENT_TEXT_MAX_MB``) and a time limit (``DOCUMENT_TEXT_SECONDS``, the reader runs in a child process
killed at the limit) — and stored beside the document (:class:`~sites.models.AttachmentText`), from where
the page's search entry (the page contract's ``attachments``) and the register's free text read it.

A scanned PDF is marked ``no_text``, a file past a limit ``too_large`` / ``timeout``, a broken one
``unreadable``: marked, never failed, and nothing published is touched. Queueing is best-effort (the
broker may be down): the periodic sweep (``sites.tasks.sweep_attachment_texts``) reads whatever is left
pending.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.documents import get_document_model

from core.text import nfc

from ..models.attachments import AttachmentText, TextStatus, text_key
from ..models.legal import LegalDocumentFile, read_file
from ..textextract import extract_bounded

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"\S+")
SWEEP_BATCH = 50  # files read per site by one sweep
SNIPPET_WORDS = 14  # words shown on each side of a match


def max_bytes() -> int:
    return int(getattr(settings, "DOCUMENT_TEXT_MAX_MB", 20)) * 1024 * 1024


def time_limit() -> float:
    return float(getattr(settings, "DOCUMENT_TEXT_SECONDS", 60))


def max_chars() -> int:
    return int(getattr(settings, "DOCUMENT_TEXT_MAX_CHARS", 500_000))


def is_current(row: AttachmentText | None, document) -> bool:
    """Whether ``row`` holds the outcome of reading the document's stored file as it is now."""
    return row is not None and row.file_name == document.file.name and row.status != TextStatus.PENDING


def extract_document(document_id: int, force: bool = False) -> AttachmentText | None:
    """Read one document's file (current schema) within the limits and store the outcome; ``None`` when
    the document or its file is gone. Reading the same stored file again changes nothing."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None or not document.file:
        return None
    name = document.file.name
    row = AttachmentText.objects.filter(document=document).first()
    if is_current(row, document) and not force:
        return row
    size = document.file_size
    if size is None:
        try:
            size = document.file.size
        except OSError:
            size = 0
    if size > max_bytes():
        status, text, pages = TextStatus.TOO_LARGE, "", None
    else:
        content = read_file(document)
        result = extract_bounded(name, content, time_limit(), max_chars()) if content else None
        status, text, pages = (
            (result.status, result.text, result.pages) if result else (TextStatus.UNREADABLE, "", None)
        )
    text = nfc(_CONTROL.sub(" ", text or ""))
    with transaction.atomic():
        row, _ = AttachmentText.objects.update_or_create(
            document=document,
            defaults={
                "file_name": name,
                "status": status,
                "text": text,
                "pages": pages,
                "extracted_at": timezone.now(),
            },
        )
    return row


def mark_pending(document_ids: Iterable[int]) -> list[int]:
    """Mark the documents whose stored file has not been read (or was replaced) ``pending``; return their
    ids, for the caller to queue after commit (``sites.tasks.enqueue``)."""
    pending = []
    for document in get_document_model().objects.filter(pk__in=set(document_ids)):
        row = AttachmentText.objects.filter(document=document).first()
        if not document.file or (row is not None and row.file_name == document.file.name):
            continue
        AttachmentText.objects.update_or_create(
            document=document, defaults={"file_name": document.file.name, "status": TextStatus.PENDING, "text": ""}
        )
        pending.append(document.pk)
    return pending


def pending_documents(limit: int = SWEEP_BATCH) -> list[int]:
    """Attached documents of the current schema whose file is not read yet (or was replaced)."""
    ids = LegalDocumentFile.objects.values_list("document_id", flat=True).distinct()
    documents = get_document_model().objects.filter(pk__in=ids).select_related("extracted_text")
    waiting = []
    for document in documents.order_by("pk").iterator():
        if document.file and not is_current(getattr(document, "extracted_text", None), document):
            waiting.append(document.pk)
            if len(waiting) >= limit:
                break
    return waiting


def sweep(limit: int = SWEEP_BATCH) -> int:
    """Read the files left pending in the current schema (at most ``limit``); how many were read."""
    done = 0
    for document_id in pending_documents(limit):
        if extract_document(document_id) is not None:
            done += 1
    return done


def _positions(text: str) -> tuple[list[re.Match], list[int], str]:
    """The words of ``text``, where each starts in the text's key, and the key (the words' keys joined by
    one space: the same string :func:`text_key` gives for the whole text)."""
    words = list(_WORD.finditer(text))
    starts, parts, at = [], [], 0
    for word in words:
        key = text_key(word.group())
        starts.append(at)  # punctuation only: no key, starts where the next word does (and yields to it)
        if key:
            parts.append(key)
            at += len(key) + 1
    return words, starts, " ".join(parts)


def snippet(text: str, query: str) -> SafeString | None:
    """A few words of ``text`` around the first match of ``query`` (diacritics and case ignored), the
    matched words in ``<mark>``; ``None`` when it does not occur."""
    needle = text_key(query)
    if not needle or not text:
        return None
    words, starts, folded = _positions(text)
    found = folded.find(needle)
    if found < 0:
        return None
    first = bisect.bisect_right(starts, found) - 1
    last = bisect.bisect_right(starts, found + len(needle) - 1) - 1
    lo, hi = max(0, first - SNIPPET_WORDS), min(len(words), last + 1 + SNIPPET_WORDS)
    parts = []
    for index in range(lo, hi):
        word = escape(words[index].group())
        parts.append(f"<mark>{word}</mark>" if first <= index <= last else word)
    return mark_safe(("… " if lo else "") + " ".join(parts) + (" …" if hi < len(words) else ""))


def attachment_snippets(documents: Iterable, query: str) -> dict[int, dict]:
    """For each document (page) of ``documents`` whose attached file contains ``query``: the file's label
    and the snippet (``{page_id: {"label", "snippet"}}``); withdrawn documents have none."""
    needle = text_key(query)
    pages = {page.pk: page for page in documents if not page.is_withdrawn}
    if not needle or not pages:
        return {}
    files = (
        LegalDocumentFile.objects.filter(page_id__in=pages, document__extracted_text__folded__contains=needle)
        .select_related("document__extracted_text")
        .order_by("page_id", "sort_order")
    )
    found: dict[int, dict] = {}
    for item in files:
        if item.page_id in found:
            continue
        text = snippet(item.document.extracted_text.text, query)
        if text:
            found[item.page_id] = {"label": item.label or item.document.title, "snippet": text}
    return found
