"""Comments on drafts: accepted only while the consultation is open, published after moderation."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..models import ConsultationComment, ConsultationPage


class ConsultationClosed(Exception):
    pass


def submit_comment(
    page: ConsultationPage, data: dict, client_hash: str = "", now: datetime | None = None
) -> ConsultationComment:
    now = now or timezone.now()
    if not page.is_open(now):
        raise ConsultationClosed
    with transaction.atomic():
        return ConsultationComment.objects.create(
            consultation=page,
            name=data["name"],
            contact=data["contact"],
            body=data["body"],
            submitted_at=now,
            client_hash=client_hash,
        )


def moderate(comment: ConsultationComment, status: str) -> ConsultationComment:
    if status not in ConsultationComment.Status.values:
        raise ValueError(status)
    comment.status = status
    comment.moderated_at = timezone.now() if status != ConsultationComment.Status.PENDING else None
    comment.save(update_fields=["status", "moderated_at"])
    return comment


def comment_counts(page: ConsultationPage) -> dict[str, int]:
    """How many comments the draft received (every accepted submission) and how many are published."""
    comments = ConsultationComment.objects.filter(consultation=page)
    return {
        "received": comments.count(),
        "published": comments.filter(status=ConsultationComment.Status.APPROVED).count(),
    }
