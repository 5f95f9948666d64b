"""Celery task of the intake: tell the board by e-mail that material arrived. Runs in the schema it was
queued from (``tenants.background.SchemaBoundTask``); queued only once the submission is committed."""

from __future__ import annotations

import logging

from celery import shared_task

from .notices import notify_board

log = logging.getLogger(__name__)


@shared_task(name="intake.notify_board", ignore_result=True)
def notify_board_task(submission_id: int) -> int:
    """E-mail the active board members who have an address; the number of recipients."""
    return notify_board(submission_id)


def enqueue_notice(submission_id: int) -> None:
    """Queue the board's notice; never raises (the submission is stored whatever happens here)."""
    try:
        notify_board_task.apply_async(args=[submission_id], retry=False)
    except Exception as exc:  # broker unreachable, Redis down…
        log.warning("Notice of intake submission %s not queued (%s); it is in the inbox.", submission_id, exc)
