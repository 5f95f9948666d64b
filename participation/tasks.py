"""Celery tasks of participation (scheduled by beat, see CELERY_BEAT_SCHEDULE in config/settings.py)."""

from celery import shared_task

from .services.visitors import persist_all_sites


@shared_task(name="participation.persist_visitor_counts", ignore_result=True)
def persist_visitor_counts() -> dict[str, int]:
    """Copy every site's daily visitor counts from Redis into PostgreSQL."""
    return persist_all_sites()
