"""Celery tasks of participation: the visitor counts and the re-sending of units' notices that were
never queued (both scheduled by beat, see CELERY_BEAT_SCHEDULE in config/settings.py), the e-mails to askers and to the units questions are forwarded to (queued once the change commits; each runs in the schema
it was queued from, ``tenants.background.SchemaBoundTask``)."""

from celery import shared_task

from tenants.background import enqueue_quietly

from .services.notices import send_asker_notice
from .services.unit_notices import resend_all_sites, send_unit_notice
from .services.visitors import persist_all_sites


@shared_task(name="participation.persist_visitor_counts", ignore_result=True)
def persist_visitor_counts() -> dict[str, int]:
    """Copy every site's daily visitor counts from Redis into PostgreSQL."""
    return persist_all_sites()


@shared_task(name="participation.notify_asker", ignore_result=True)
def notify_asker(question_id: int, event: str) -> bool:
    """E-mail the asker of one question of the current site that it was answered, declared out of
    scope or given a progress notice (``participation.services.notices``)."""
    return send_asker_notice(question_id, event)


def enqueue_asker_notice(question_id: int, event: str) -> None:
    enqueue_quietly(notify_asker, question_id, event)


@shared_task(name="participation.notify_unit", ignore_result=True)
def notify_unit(forwarding_id: int) -> bool:
    """E-mail the unit a question of the current site was forwarded to (``services.forwarding``)."""
    return send_unit_notice(forwarding_id)


def enqueue_unit_notice(forwarding_id: int) -> None:
    enqueue_quietly(notify_unit, forwarding_id)


@shared_task(name="participation.resend_unit_notices", ignore_result=True)
def resend_unit_notices() -> dict[str, int]:
    """Periodic safety net: e-mail the units whose notice was never queued (broker down) or got lost, in
    every active site, each forwarding once; the notices sent per schema."""
    return resend_all_sites()
